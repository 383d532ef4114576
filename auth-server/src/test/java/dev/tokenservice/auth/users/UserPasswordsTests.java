package dev.tokenservice.auth.users;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static dev.tokenservice.auth.support.Race.race;
import static org.assertj.core.api.Assertions.assertThat;

/** The user-password hash: argon2id at OWASP's minimum, over the whole password. */
class UserPasswordsTests {

	private final UserPasswords passwords = new UserPasswords();

	@Test
	void hashesAreArgon2idAtLeastAtOwaspsMinimumBehindTheDelegatingPrefix() {
		String hash = this.passwords.hash("violet tangerine bicycle harbor");

		assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=7168,t=5,p=1$");
		assertThat(this.passwords.matches("violet tangerine bicycle harbor", hash)).isTrue();
		assertThat(this.passwords.hash("violet tangerine bicycle harbor")).as("salted").isNotEqualTo(hash);
	}

	@Test
	void hashesMadeAtTheEarlierSettingStillVerify() {
		String earlier = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2).encode("violet tangerine bicycle harbor");

		assertThat(earlier).contains("$m=19456,t=2,p=1$");
		assertThat(this.passwords.matches("violet tangerine bicycle harbor", earlier)).isTrue();
		assertThat(this.passwords.matches("violet tangerine bicycle harbour", earlier)).isFalse();
	}

	@Test
	void everyCharacterCountsEvenBeyondSeventyTwoBytes() {
		String password = "é".repeat(60) + "tail-1";
		String hash = this.passwords.hash(password);

		assertThat(this.passwords.matches("é".repeat(60) + "tail-2", hash)).isFalse();
		assertThat(this.passwords.matches(password, hash)).isTrue();
	}

	@Test
	void unicodeIsNormalisedSoComposedAndDecomposedFormsMatch() {
		String composed = "caf\u00e9 au lait sans sucre";
		String decomposed = "cafe\u0301 au lait sans sucre";

		assertThat(this.passwords.matches(decomposed, this.passwords.hash(composed))).isTrue();
	}

	@Test
	void noMoreHashesRunAtOnceThanTheLimitHowEverManyLoginsArrive() throws Exception {
		UserPasswords limited = new UserPasswords(2);

		List<String> hashes = race(6, (i) -> limited.hash("violet tangerine bicycle harbor " + i));

		assertThat(hashes).hasSize(6).doesNotHaveDuplicates();
		assertThat(limited.peakConcurrency()).isBetween(1, 2);
	}

	@Test
	void theDummyVerificationAlwaysFails() {
		assertThat(this.passwords.matchesNobody("dummy password for unknown users")).isFalse();
	}

}
