package dev.tokenservice.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RsaKeysTests {

	// RFC 7638, section 3.1: the example key and its SHA-256 thumbprint
	static final String RFC7638_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECP"
			+ "ebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zg"
			+ "dAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

	static final String RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

	@ParameterizedTest
	@ValueSource(ints = { 2048, 3072, 4096 })
	void generatedKeyIsAnRs256SigningKeyNamedByItsThumbprint(int bits) {
		RSAKey key = RsaKeys.generate(bits);

		assertThat(key.isPrivate()).isTrue();
		assertThat(RsaKeys.size(key)).isEqualTo(bits);
		assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
		assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(key.getKeyID()).isEqualTo(RsaKeys.thumbprint(key)).hasSize(43);
	}

	@Test
	void defaultSizeIs2048Bits() {
		assertThat(RsaKeys.size(RsaKeys.generate())).isEqualTo(2048);
	}

	@Test
	void thumbprintIsTheRfc7638Sha256Thumbprint() throws Exception {
		RSAKey example = new RSAKey.Builder(new Base64URL(RFC7638_N), new Base64URL("AQAB")).build();

		assertThat(RsaKeys.thumbprint(example)).isEqualTo(RFC7638_THUMBPRINT);
		RSAKey named = RsaKeys.withThumbprintKid(example.toRSAPublicKey(), null);
		assertThat(named.getKeyID()).isEqualTo(RFC7638_THUMBPRINT);
		assertThat(named.isPrivate()).isFalse();
		assertThat(named.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
		assertThat(named.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(RsaKeys.size(named)).isEqualTo(2048);
	}

	@Test
	void publicAndPrivateFormsShareTheThumbprint() throws Exception {
		RSAKey key = RsaKeys.generate();

		assertThat(RsaKeys.thumbprint(key.toPublicJWK())).isEqualTo(RsaKeys.thumbprint(key));
		assertThat(RsaKeys.withThumbprintKid(key.toRSAPublicKey(), key.toRSAPrivateKey()).getKeyID())
			.isEqualTo(key.getKeyID());
	}

	@Test
	void differentMaterialNeverSharesAKid() {
		assertThat(RsaKeys.generate().getKeyID()).isNotEqualTo(RsaKeys.generate().getKeyID());
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 512, 1024, 2047, 2049, 8192 })
	void unsupportedSizesAreRefused(int bits) {
		assertThatIllegalArgumentException().isThrownBy(() -> RsaKeys.generate(bits)).withMessageContaining("2048");
	}

}
