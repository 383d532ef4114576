package dev.tokenservice.auth.clients;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256SecretEncoderTests {

	private final PasswordEncoder encoder = ClientSecrets.encoder();

	@Test
	void encodedSecretMatchesOnlyItself() {
		String encoded = this.encoder.encode("a-long-machine-secret");

		assertThat(encoded).startsWith("{sha256}").doesNotContain("a-long-machine-secret");
		assertThat(this.encoder.matches("a-long-machine-secret", encoded)).isTrue();
		assertThat(this.encoder.matches("a-long-machine-secreT", encoded)).isFalse();
		assertThat(this.encoder.matches("", encoded)).isFalse();
	}

	@Test
	void sameSecretIsSaltedDifferentlyEachTime() {
		assertThat(this.encoder.encode("a-long-machine-secret")).isNotEqualTo(this.encoder.encode("a-long-machine-secret"));
	}

	@Test
	void malformedStoredValueNeverMatches() {
		assertThat(this.encoder.matches("x", "{sha256}not-base64$%%%")).isFalse();
		assertThat(this.encoder.matches("x", "{sha256}no-separator")).isFalse();
	}

	@Test
	void bcryptRowsStillMatch() {
		String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("legacy-secret-value");

		assertThat(this.encoder.matches("legacy-secret-value", bcrypt)).isTrue();
	}

}
