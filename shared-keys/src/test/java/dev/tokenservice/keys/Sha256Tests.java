package dev.tokenservice.keys;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Tests {

	@Test
	void digestsTheFipsVectorsInBase64Url() {
		// FIPS 180-2 appendix B.1 and the empty message
		assertThat(Sha256.base64Url(Sha256.digest(ascii("abc")))).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
		assertThat(Sha256.base64Url(Sha256.digest())).isEqualTo("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
	}

	@Test
	void digestOfPartsIsTheDigestOfTheirConcatenation() {
		assertThat(Sha256.digest(ascii("a"), ascii(""), ascii("bc"))).isEqualTo(Sha256.digest(ascii("abc")));
	}

	@Test
	void base64UrlIsUnpaddedAndUrlSafe() {
		assertThat(Sha256.base64Url(new byte[] { (byte) 0xfb, (byte) 0xff })).isEqualTo("-_8");
		assertThat(Sha256.base64Url(new byte[0])).isEmpty();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
