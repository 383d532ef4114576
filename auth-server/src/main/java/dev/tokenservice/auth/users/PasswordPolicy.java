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

	// zxcvbn's 0..4; 3 is "safely unguessable: moderate protection from offline slow-hash scenario"
	private static final int MIN_SCORE = 3;

	private final Zxcvbn zxcvbn = new Zxcvbn();

	/** Why {@code password} is refused for {@code email}, or empty when it is acceptable. */
	public Optional<String> problem(String password, String email) {
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
		}
		String localPart = localPart(email);
		if (localPart.length() >= 3 && password.toLowerCase(Locale.ROOT).contains(localPart)) {
			return Optional.of("must not contain your email address");
		}
		if (this.zxcvbn.measure(password, List.of(email, localPart)).getScore() < MIN_SCORE) {
			return Optional.of("is too common or too easy to guess; a few unrelated words make a strong password");
		}
		return Optional.empty();
	}

	private static String localPart(String email) {
		String lower = (email != null) ? email.toLowerCase(Locale.ROOT) : "";
		int at = lower.indexOf('@');
		return (at > 0) ? lower.substring(0, at) : lower;
	}

}
