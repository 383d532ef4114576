package dev.tokenservice.auth.users;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.nulabinc.zxcvbn.Zxcvbn;

import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B: 8 to 128 characters, no composition rules, but no password that is common, easily
 * guessed, or built from the account's own email. zxcvbn estimates guessability with its own lists of
 * common passwords, names and words, and counts the user's inputs as dictionary words.
 */
@Component
public class PasswordPolicy {

	static final int MIN_LENGTH = 8;

	static final int MAX_LENGTH = 128;

	// zxcvbn's boundary between scores 2 and 3 ("safely unguessable"): 10^8 guesses. Inclusive, because
	// zxcvbn rates n random characters at exactly 10^n guesses: "score >= 3" would refuse every
	// 8-character password and quietly raise the minimum length to 9.
	private static final double MIN_GUESSES_LOG10 = 8;

	private final Zxcvbn zxcvbn = new Zxcvbn();

	/** Why {@code password} is refused for {@code email}, or empty when it is acceptable. */
	public Optional<String> problem(String password, String email) {
		String normalized = UserPasswords.normalize(password);
		// characters as people count them (code points), not UTF-16 units
		int length = normalized.codePointCount(0, normalized.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
		}
		String localPart = localPart(email);
		if (localPart.length() >= 3 && normalized.toLowerCase(Locale.ROOT).contains(localPart)) {
			return Optional.of("must not contain the name part of your email address");
		}
		List<String> userInputs = (email != null) ? List.of(email.toLowerCase(Locale.ROOT), localPart) : List.of();
		if (this.zxcvbn.measure(normalized, userInputs).getGuessesLog10() < MIN_GUESSES_LOG10) {
			return Optional.of("is too common or too easy to guess; a few unrelated words make a strong password");
		}
		return Optional.empty();
	}

	private static String localPart(String email) {
		String lower = (email != null) ? email.trim().toLowerCase(Locale.ROOT) : "";
		int at = lower.lastIndexOf('@');
		return (at > 0) ? lower.substring(0, at) : lower;
	}

}
