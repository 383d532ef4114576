package dev.tokenservice.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PrivateKeyEnvelopeTests {

	// an openssl-made key: its PKCS#8 form is 1216 bytes, so the ciphertext's last base64 character
	// carries unused bits (checked below), which a lax decoder would let change unnoticed
	private static final RSAKey KEY = PemKeys.readPrivateKey(Fixtures.pem("pkcs8-2048.pem"));

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private final KeyEncryptionKey kek = KeyEncryptionKey.generate();

	@Test
	void sealedKeyOpensWithTheSameKekAndKid() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);

		RSAKey opened = PrivateKeyEnvelope.open(sealed, KEY.getKeyID(), this.kek);

		assertThat(opened).isEqualTo(KEY);
		assertThat(opened.isPrivate()).isTrue();
		assertThat(opened.getPrivateExponent()).isEqualTo(KEY.getPrivateExponent());
	}

	@Test
	void aKekReadBackFromItsBase64Opens() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);

		KeyEncryptionKey reread = KeyEncryptionKey.fromBase64(this.kek.toBase64());

		assertThat(PrivateKeyEnvelope.open(sealed, KEY.getKeyID(), reread).getKeyID()).isEqualTo(KEY.getKeyID());
	}

	@Test
	void sealedValueIsOneAsciiLineInTheDocumentedFormat() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);

		assertThat(sealed).matches("v1(\\.[A-Za-z0-9_-]+){4}");
		String[] parts = sealed.split("\\.");
		assertThat(Base64.getUrlDecoder().decode(parts[1])).hasSize(12);
		assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(32 + 16);
		assertThat(Base64.getUrlDecoder().decode(parts[3])).hasSize(12);
	}

	@Test
	void sealedValueRevealsNoKeyMaterial() throws Exception {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);
		byte[] pkcs8 = KEY.toRSAPrivateKey().getEncoded();
		List<String> encodings = List.of(Base64.getEncoder().encodeToString(pkcs8),
				Base64.getUrlEncoder().withoutPadding().encodeToString(pkcs8));

		for (String encoding : encodings) {
			// every aligned 16-character window: no run of the key's encoding shows through
			for (int i = 0; i + 16 <= encoding.length(); i += 4) {
				assertThat(sealed).doesNotContain(encoding.substring(i, i + 16));
			}
		}
		assertThat(sealed).doesNotContain(KEY.getPrivateExponent().toString())
			.doesNotContain(KEY.getPrivateExponent().decodeToBigInteger().toString(16))
			.doesNotContain(KEY.getFirstPrimeFactor().toString())
			.doesNotContain("PRIVATE KEY");
	}

	@Test
	void sealingTwiceGivesDifferentValuesThatBothOpen() {
		String first = PrivateKeyEnvelope.seal(KEY, this.kek);
		String second = PrivateKeyEnvelope.seal(KEY, this.kek);

		assertThat(first).isNotEqualTo(second);
		String[] a = first.split("\\.");
		String[] b = second.split("\\.");
		// fresh IVs and a fresh data key each time
		assertThat(a[1]).isNotEqualTo(b[1]);
		assertThat(a[2]).isNotEqualTo(b[2]);
		assertThat(a[3]).isNotEqualTo(b[3]);
		assertThat(PrivateKeyEnvelope.open(second, KEY.getKeyID(), this.kek)).isEqualTo(KEY);
	}

	@Test
	void wrongKekCannotOpen() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);

		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> PrivateKeyEnvelope.open(sealed, KEY.getKeyID(), KeyEncryptionKey.generate()))
			.withMessageContaining(KEY.getKeyID())
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(sealed.substring(3, 30)));
	}

	@Test
	void sealedValueMovedToAnotherKidCannotOpen() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);
		String otherKid = PemKeys.readPrivateKey(Fixtures.pem("pkcs1-2048.pem")).getKeyID();

		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> PrivateKeyEnvelope.open(sealed, otherKid, this.kek));
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> PrivateKeyEnvelope.open(sealed, null, this.kek));
	}

	@Test
	void everyChangedCharacterIsDetected() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);
		assertThat(Base64.getUrlDecoder().decode(sealed.substring(sealed.lastIndexOf('.') + 1)).length % 3).isNotZero();
		for (int i = 0; i < sealed.length(); i++) {
			// the alphabet neighbour differing in the lowest of its 6 bits: at the end of a part, the
			// change a lax decoder would miss
			char original = sealed.charAt(i);
			int index = ALPHABET.indexOf(original);
			char replacement = (index >= 0) ? ALPHABET.charAt(index ^ 1) : 'A';
			String altered = sealed.substring(0, i) + replacement + sealed.substring(i + 1);
			assertThatExceptionOfType(KeyDecryptionException.class).as("changed character %d", i)
				.isThrownBy(() -> PrivateKeyEnvelope.open(altered, KEY.getKeyID(), this.kek))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(altered.substring(3, 30)));
		}
	}

	@Test
	void everyFlippedBitOfEveryByteIsDetected() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);
		String[] parts = sealed.split("\\.");
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		int tried = 0;
		for (int part = 1; part < parts.length; part++) {
			byte[] bytes = Base64.getUrlDecoder().decode(parts[part]);
			for (int i = 0; i < bytes.length; i++) {
				byte[] flipped = bytes.clone();
				flipped[i] ^= (byte) (1 << (i % 8));
				String[] altered = parts.clone();
				altered[part] = encoder.encodeToString(flipped);
				String value = String.join(".", altered);
				assertThatExceptionOfType(KeyDecryptionException.class).as("part %d byte %d", part, i)
					.isThrownBy(() -> PrivateKeyEnvelope.open(value, KEY.getKeyID(), this.kek));
				tried++;
			}
		}
		assertThat(tried).isGreaterThan(12 + 48 + 12 + 1000);
	}

	@Test
	void truncatedExtendedAndUnknownFormatsAreRefused() {
		String sealed = PrivateKeyEnvelope.seal(KEY, this.kek);
		List<String> bad = new ArrayList<>(Arrays.asList(null, "", "v1", "v1....", "v1.a.b", "v1.!!.b.c.d",
				sealed.replaceFirst("^v1", "v2"), sealed.replaceFirst("^v1", "V1"), sealed + ".", sealed + "AAAA",
				sealed.substring(0, sealed.length() - 4), sealed + "=", " " + sealed));
		String[] parts = sealed.split("\\.");
		// parts swapped: the IVs with each other, the ciphertexts with each other's place
		bad.add(String.join(".", parts[0], parts[3], parts[2], parts[1], parts[4]));
		bad.add(String.join(".", parts[0], parts[1], parts[4], parts[3], parts[2]));

		for (int i = 0; i < bad.size(); i++) {
			String value = bad.get(i);
			assertThatExceptionOfType(KeyDecryptionException.class).as("bad value %d", i)
				.isThrownBy(() -> PrivateKeyEnvelope.open(value, KEY.getKeyID(), this.kek));
		}
	}

	@Test
	void onlyPrivateKeysNamedByTheirThumbprintAreSealed() {
		assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeyEnvelope.seal(KEY.toPublicJWK(), this.kek));
		RSAKey renamed = new RSAKey.Builder(KEY).keyID("my-key").build();
		assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeyEnvelope.seal(renamed, this.kek))
			.withMessageContaining("thumbprint");
	}

	@Test
	void importedKeysSealAndOpenLikeGeneratedOnes() {
		RSAKey imported = PemKeys.readPrivateKey(PemKeys.writePrivateKey(RsaKeys.generate(3072)));

		RSAKey opened = PrivateKeyEnvelope.open(PrivateKeyEnvelope.seal(imported, this.kek), imported.getKeyID(),
				this.kek);

		assertThat(opened).isEqualTo(imported);
		assertThat(RsaKeys.size(opened)).isEqualTo(3072);
	}

}
