package dev.tokenservice.keys;

import java.util.List;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** KEK rotation: the current KEK seals, the previous ones still open what they sealed. */
class KeyEncryptionKeysTests {

	private static final RSAKey KEY = RsaKeys.generate();

	private final KeyEncryptionKey old = KeyEncryptionKey.generate();

	private final KeyEncryptionKey current = KeyEncryptionKey.generate();

	@Test
	void sealsUnderTheCurrentKekAndNamesItByFingerprint() {
		KeyEncryptionKeys keks = new KeyEncryptionKeys(this.current, List.of(this.old));

		KeyEncryptionKeys.Sealed sealed = keks.seal(KEY);

		assertThat(sealed.fingerprint()).isEqualTo(this.current.fingerprint());
		assertThat(PrivateKeyEnvelope.open(sealed.value(), KEY.getKeyID(), this.current)).isEqualTo(KEY);
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> PrivateKeyEnvelope.open(sealed.value(), KEY.getKeyID(), this.old));
	}

	@Test
	void opensValuesOfThePreviousKekWithOrWithoutTheirFingerprint() {
		String underOld = PrivateKeyEnvelope.seal(KEY, this.old);
		KeyEncryptionKeys keks = new KeyEncryptionKeys(this.current, List.of(KeyEncryptionKey.generate(), this.old));

		for (String fingerprint : new String[] { null, this.old.fingerprint(), this.current.fingerprint(), "unknown" }) {
			KeyEncryptionKeys.Opened opened = keks.open(underOld, KEY.getKeyID(), fingerprint);
			assertThat(opened.key()).isEqualTo(KEY);
			assertThat(opened.fingerprint()).isEqualTo(this.old.fingerprint());
			assertThat(opened.underCurrent()).isFalse();
		}
		assertThat(keks.open(keks.seal(KEY).value(), KEY.getKeyID(), null).underCurrent()).isTrue();
	}

	@Test
	void aValueNoKekOpensFailsNamingTheKidOnly() {
		String underOld = PrivateKeyEnvelope.seal(KEY, this.old);
		KeyEncryptionKeys withoutOld = new KeyEncryptionKeys(this.current, List.of(KeyEncryptionKey.generate()));

		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> withoutOld.open(underOld, KEY.getKeyID(), this.old.fingerprint()))
			.withMessageContaining(KEY.getKeyID())
			.withMessageContaining("1 previous")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(underOld.substring(3, 20)));
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> KeyEncryptionKeys.of(this.current).open(underOld, KEY.getKeyID(), null));
	}

	@Test
	void fingerprintsAreStableDistinctAndRevealNoKey() {
		String base64 = this.current.toBase64();
		KeyEncryptionKey same = KeyEncryptionKey.fromBase64(base64);

		assertThat(same.fingerprint()).isEqualTo(this.current.fingerprint()).hasSize(16);
		assertThat(this.old.fingerprint()).isNotEqualTo(this.current.fingerprint());
		assertThat(base64).doesNotContain(this.current.fingerprint());
		KeyEncryptionKeys keks = new KeyEncryptionKeys(this.current, List.of(this.old, same, this.old));
		assertThat(keks.previous()).containsExactly(this.old);
		assertThat(keks.toString()).doesNotContain(base64).doesNotContain(this.old.toBase64())
			.contains(this.current.fingerprint());
	}

}
