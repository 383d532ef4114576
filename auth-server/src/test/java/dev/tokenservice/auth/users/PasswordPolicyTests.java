package dev.tokenservice.auth.users;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** NIST SP 800-63B as this service reads it: length, no common or personal passwords, no composition rules. */
class PasswordPolicyTests {

	private final PasswordPolicy policy = new PasswordPolicy();

	@ParameterizedTest
	@ValueSource(strings = { "password", "password123", "Password1!", "qwertyuiop", "123456789012", "iloveyou2024",
			"letmein!!", "monkey123", "aaaaaaaaaaaaaaaa", "abcdefgh12345678", "dragon2024!", "P@ssw0rd2024" })
	void commonAndEasilyGuessedPasswordsAreRefused(String password) {
		assertThat(this.policy.problem(password, "someone@example.com")).hasValueSatisfying(
				(problem) -> assertThat(problem).contains("too common"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "violet tangerine bicycle harbor", "correct horse battery staple", "Zq7#xK2!pL9w",
			"lowercase only but long enough words" })
	void unrelatedWordsOrRandomCharactersAreAcceptedWithoutCompositionRules(String password) {
		assertThat(this.policy.problem(password, "someone@example.com")).isEmpty();
	}

	@Test
	void aPasswordContainingTheEmailsLocalPartIsRefused() {
		assertThat(this.policy.problem("Zq7#marguerite.yourcenar!", "Marguerite.Yourcenar@example.com"))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("email"));
	}

	@Test
	void lengthIsCountedInCharactersFromEightToOneHundredTwentyEight() {
		assertThat(this.policy.problem("Zq7#xK2", "a@example.com")).hasValue("must be 8 to 128 characters");
		// eight random characters are enough: the minimum really is 8
		assertThat(this.policy.problem("Zq7#xK2!", "a@example.com")).isEmpty();
		String lock = new String(Character.toChars(0x1F512));
		String fox = new String(Character.toChars(0x1F98A));
		// 128 characters, 256 UTF-16 units
		assertThat(this.policy.problem((lock + fox + "x" + lock).repeat(32), "a@example.com")).isEmpty();
		assertThat(this.policy.problem((lock + fox + "x" + lock).repeat(32) + "y", "a@example.com"))
			.hasValue("must be 8 to 128 characters");
	}

}
