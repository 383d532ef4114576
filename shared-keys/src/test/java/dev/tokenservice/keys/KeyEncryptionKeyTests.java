package dev.tokenservice.keys;

import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyEncryptionKeyTests {

	// 0xfb 0xff encode to "+/" in standard and "-_" in URL-safe base64: the two alphabets differ here
	private static final byte[] BYTES = new byte[32];
	static {
		BYTES[0] = (byte) 0xfb;
		BYTES[1] = (byte) 0xff;
		BYTES[31] = 7;
	}

	@Test
	void acceptsStandardAndUrlSafeBase64OfThirtyTwoBytes() {
		String standard = Base64.getEncoder().encodeToString(BYTES);
		String urlSafe = Base64.getUrlEncoder().encodeToString(BYTES);
		assertThat(standard).startsWith("+/");
		assertThat(urlSafe).startsWith("-_");

		assertThat(KeyEncryptionKey.fromBase64(standard).toBase64()).isEqualTo(standard);
		assertThat(KeyEncryptionKey.fromBase64(urlSafe).toBase64()).isEqualTo(standard);
	}

	@Test
	void acceptsUnpaddedValuesAndTheNewlineOfOpensslRand() {
		String standard = Base64.getEncoder().encodeToString(BYTES);

		assertThat(KeyEncryptionKey.fromBase64(Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES)).toBase64())
			.isEqualTo(standard);
		assertThat(KeyEncryptionKey.fromBase64(" " + standard + "\n").toBase64()).isEqualTo(standard);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 16, 24, 31, 33, 64 })
	void refusesOtherLengthsWithoutEchoingTheValue(int length) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) 0x5a);
		String value = Base64.getEncoder().encodeToString(bytes);

		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.fromBase64(value))
			.withMessageContaining("base64 of 32 bytes")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "not base64 at all!", "+/+/-_-_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" })
	void refusesGarbageWithoutEchoingIt(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.fromBase64(value))
			.withMessageContaining("base64 of 32 bytes")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(value));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   ", "\n" })
	void refusesAMissingValue(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.fromBase64(value))
			.withMessageContaining("empty");
	}

	@Test
	void generatedKeysAreRandomThirtyTwoBytes() {
		KeyEncryptionKey first = KeyEncryptionKey.generate();
		KeyEncryptionKey second = KeyEncryptionKey.generate();

		assertThat(Base64.getDecoder().decode(first.toBase64())).hasSize(32);
		assertThat(first.toBase64()).isNotEqualTo(second.toBase64());
		assertThat(KeyEncryptionKey.fromBase64(first.toBase64()).toBase64()).isEqualTo(first.toBase64());
	}

	@Test
	void toStringHidesTheKey() {
		KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(Base64.getEncoder().encodeToString(BYTES));
		String standard = Base64.getEncoder().encodeToString(BYTES);

		assertThat(kek.toString()).doesNotContain(standard.substring(0, 8))
			.doesNotContain(Base64.getUrlEncoder().encodeToString(BYTES).substring(0, 8))
			.doesNotContain("fbff");
	}

}
