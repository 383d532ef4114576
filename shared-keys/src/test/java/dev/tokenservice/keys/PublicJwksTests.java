package dev.tokenservice.keys;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyRevocation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PublicJwksTests {

	static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth");

	@Test
	void publicSetNeverCarriesPrivateParameters() throws ParseException {
		List<RSAKey> keys = List.of(RsaKeys.generate(2048), RsaKeys.generate(3072), RsaKeys.generate(4096));
		assertThat(keys).allSatisfy((key) -> assertThat(key.toJSONObject()).containsKeys("d", "p", "q", "dp", "dq", "qi"));

		String json = PublicJwks.toJson(keys);

		Map<String, Object> set = JSONObjectUtils.parse(json);
		assertThat(set).containsOnlyKeys("keys");
		List<Object> published = JSONObjectUtils.getJSONArray(set, "keys");
		assertThat(published).hasSize(3);
		for (Object key : published) {
			@SuppressWarnings("unchecked")
			Map<String, Object> members = (Map<String, Object>) key;
			assertThat(members).containsKeys("kty", "kid", "n", "e", "use", "alg")
				.doesNotContainKeys(PRIVATE_MEMBERS.toArray(String[]::new));
		}
		assertThat(PublicJwks.publicSet(keys).getKeys()).noneMatch(JWK::isPrivate);
	}

	@Test
	void publicSetKeepsKidsSizesAndOrder() {
		RSAKey first = RsaKeys.generate();
		RSAKey second = RsaKeys.generate(3072);

		List<JWK> published = PublicJwks.publicSet(List.of(first, second)).getKeys();

		assertThat(published).extracting(JWK::getKeyID).containsExactly(first.getKeyID(), second.getKeyID());
		assertThat(published).extracting(JWK::size).containsExactly(2048, 3072);
		assertThat(published.get(0)).isEqualTo(first.toPublicJWK());
	}

	@Test
	void emptyRingGivesAnEmptySet() throws ParseException {
		assertThat(JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(PublicJwks.toJson(List.of())), "keys")).isEmpty();
	}

	@Test
	void symmetricKeysHaveNoPublicFormAndAreRefused() {
		OctetSequenceKey secret = new OctetSequenceKey.Builder(new byte[32]).keyID("hmac").build();

		assertThatIllegalArgumentException().isThrownBy(() -> PublicJwks.publicSet(List.of(RsaKeys.generate(), secret)))
			.withMessageContaining("hmac");
	}

	@Test
	void aKeyTypeWhosePublicFormStaysPrivateIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> PublicJwks.toJson(List.of(new LeakyJwk())))
			.withMessageContaining("leaky");
	}

	/** A JWK type with a bug: its "public" form still holds a private parameter. */
	static final class LeakyJwk extends JWK {

		LeakyJwk() {
			super(KeyType.OCT, null, null, null, "leaky", null, null, null, null, null);
		}

		@Override
		public LinkedHashMap<String, ?> getRequiredParams() {
			LinkedHashMap<String, Object> params = new LinkedHashMap<>();
			params.put("kty", KeyType.OCT.getValue());
			return params;
		}

		@Override
		public boolean isPrivate() {
			return true;
		}

		@Override
		public JWK toPublicJWK() {
			return this;
		}

		@Override
		public JWK toRevokedJWK(KeyRevocation revocation) {
			return this;
		}

		@Override
		public int size() {
			return 0;
		}

		@Override
		public Map<String, Object> toJSONObject() {
			Map<String, Object> json = super.toJSONObject();
			json.put("d", Base64URL.encode("secret").toString());
			return json;
		}

	}

}
