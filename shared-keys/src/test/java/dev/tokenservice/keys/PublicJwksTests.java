package dev.tokenservice.keys;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicJwksTests {

	@Test
	void publicSetNeverCarriesPrivateParameters() throws ParseException {
		List<RSAKey> keys = List.of(RsaKeys.generate(2048), RsaKeys.generate(3072), RsaKeys.generate(4096));

		String json = PublicJwks.toJson(keys);

		List<Object> published = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(json), "keys");
		assertThat(published).hasSize(3);
		for (Object key : published) {
			@SuppressWarnings("unchecked")
			Map<String, Object> members = (Map<String, Object>) key;
			assertThat(members).containsKeys("kty", "kid", "n", "e", "use", "alg")
				.doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth");
		}
		assertThat(PublicJwks.publicSet(keys).getKeys()).noneMatch((key) -> key.isPrivate());
	}

	@Test
	void publicSetKeepsKidsAndOrder() {
		RSAKey first = RsaKeys.generate();
		RSAKey second = RsaKeys.generate();

		assertThat(PublicJwks.publicSet(List.of(first, second)).getKeys()).extracting((key) -> key.getKeyID())
			.containsExactly(first.getKeyID(), second.getKeyID());
	}

}
