package dev.tokenservice.keys;

import java.util.Base64;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PrivateKeyEnvelopeTests {

	private final KeyEncryptionKey kek = KeyEncryptionKey.generate();

	private final RSAKey key = RsaKeys.generate();

	@Test
	void sealedKeyOpensWithTheSameKekAndKid() {
		String sealed = PrivateKeyEnvelope.seal(this.key, this.kek);

		RSAKey opened = PrivateKeyEnvelope.open(sealed, this.key.getKeyID(), this.kek);

		assertThat(opened.getKeyID()).isEqualTo(this.key.getKeyID());
		assertThat(opened.getPrivateExponent()).isEqualTo(this.key.getPrivateExponent());
	}

	@Test
	void sealedValueRevealsNoKeyMaterial() throws Exception {
		String sealed = PrivateKeyEnvelope.seal(this.key, this.kek);
		String pkcs8 = Base64.getEncoder().encodeToString(this.key.toRSAPrivateKey().getEncoded());

		assertThat(sealed).startsWith("v1.")
			.doesNotContain(pkcs8.substring(0, 40))
			.doesNotContain(this.key.getPrivateExponent().toString())
			.doesNotContain("PRIVATE KEY");
	}

	@Test
	void sealingTwiceGivesDifferentValues() {
		assertThat(PrivateKeyEnvelope.seal(this.key, this.kek)).isNotEqualTo(PrivateKeyEnvelope.seal(this.key, this.kek));
	}

	@Test
	void wrongKekCannotOpen() {
		String sealed = PrivateKeyEnvelope.seal(this.key, this.kek);

		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> PrivateKeyEnvelope.open(sealed, this.key.getKeyID(), KeyEncryptionKey.generate()));
	}

	@Test
	void sealedValueMovedToAnotherKidCannotOpen() {
		String sealed = PrivateKeyEnvelope.seal(this.key, this.kek);

		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> PrivateKeyEnvelope.open(sealed, RsaKeys.generate().getKeyID(), this.kek));
	}

	@Test
	void everyAlteredCharacterIsDetected() {
		String sealed = PrivateKeyEnvelope.seal(this.key, this.kek);
		for (int i = 3; i < sealed.length(); i += 7) {
			char original = sealed.charAt(i);
			if (original == '.') {
				continue;
			}
			char replacement = (original == 'A') ? 'B' : 'A';
			String altered = sealed.substring(0, i) + replacement + sealed.substring(i + 1);
			assertThatExceptionOfType(KeyDecryptionException.class).as("altered at %d", i)
				.isThrownBy(() -> PrivateKeyEnvelope.open(altered, this.key.getKeyID(), this.kek))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(altered));
		}
	}

	@Test
	void unknownFormatsAreRefused() {
		for (String bad : new String[] { null, "", "v2.a.b.c.d", "v1.a.b", "v1.!!.b.c.d" }) {
			assertThatExceptionOfType(KeyDecryptionException.class)
				.isThrownBy(() -> PrivateKeyEnvelope.open(bad, this.key.getKeyID(), this.kek));
		}
	}

}
