package dev.tokenservice.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RsaKeysTests {

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
	void publicAndPrivateFormsShareTheThumbprint() {
		RSAKey key = RsaKeys.generate();

		assertThat(RsaKeys.thumbprint(key.toPublicJWK())).isEqualTo(RsaKeys.thumbprint(key));
	}

	@Test
	void differentMaterialNeverSharesAKid() {
		assertThat(RsaKeys.generate().getKeyID()).isNotEqualTo(RsaKeys.generate().getKeyID());
	}

	@ParameterizedTest
	@ValueSource(ints = { 512, 1024, 2047, 8192 })
	void unsupportedSizesAreRefused(int bits) {
		assertThatIllegalArgumentException().isThrownBy(() -> RsaKeys.generate(bits)).withMessageContaining("2048");
	}

}
