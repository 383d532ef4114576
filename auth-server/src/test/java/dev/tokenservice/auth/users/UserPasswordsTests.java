package dev.tokenservice.auth.users;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

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
		ConcurrencyCountingEncoder argon2 = new ConcurrencyCountingEncoder(new Argon2PasswordEncoder(
				UserPasswords.SALT_LENGTH, UserPasswords.HASH_LENGTH, UserPasswords.PARALLELISM,
				UserPasswords.MEMORY_KIB, UserPasswords.ITERATIONS));
		UserPasswords limited = new UserPasswords(2, argon2);

		List<String> hashes = race(6, (i) -> limited.hash("violet tangerine bicycle harbor " + i));

		assertThat(hashes).hasSize(6).doesNotHaveDuplicates();
		assertThat(argon2.peak()).isBetween(1, 2);
	}

	@Test
	void theDummyVerificationAlwaysFails() {
		assertThat(this.passwords.matchesNobody("dummy password for unknown users")).isFalse();
	}

	/** An encoder that remembers the most of its hashes that ever ran at once. */
	private static final class ConcurrencyCountingEncoder implements PasswordEncoder {

		private final PasswordEncoder delegate;

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicInteger peak = new AtomicInteger();

		ConcurrencyCountingEncoder(PasswordEncoder delegate) {
			this.delegate = delegate;
		}

		int peak() {
			return this.peak.get();
		}

		@Override
		public String encode(CharSequence rawPassword) {
			return counted(() -> this.delegate.encode(rawPassword));
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			return counted(() -> this.delegate.matches(rawPassword, encodedPassword));
		}

		private <T> T counted(Supplier<T> hashing) {
			this.peak.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				return hashing.get();
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

}
