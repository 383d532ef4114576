package dev.tokenservice.keys;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyEncryptionKeyTests {

	@Test
	void acceptsStandardAndUrlSafeBase64OfThirtyTwoBytes() {
		byte[] bytes = new byte[32];
		bytes[0] = (byte) 0xfb;
		bytes[1] = (byte) 0xff;

		KeyEncryptionKey standard = KeyEncryptionKey.fromBase64(Base64.getEncoder().encodeToString(bytes));
		KeyEncryptionKey urlSafe = KeyEncryptionKey.fromBase64(Base64.getUrlEncoder().encodeToString(bytes));

		assertThat(urlSafe.toBase64()).isEqualTo(standard.toBase64());
	}

	@Test
	void refusesOtherLengthsAndGarbageWithoutEchoingTheValue() {
		String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.fromBase64(sixteenBytes))
			.withMessageContaining("32 bytes")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(sixteenBytes));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.fromBase64("not base64 at all!"));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.fromBase64(""));
	}

	@Test
	void toStringHidesTheKey() {
		KeyEncryptionKey kek = KeyEncryptionKey.generate();

		assertThat(kek.toString()).doesNotContain(kek.toBase64());
	}

}
