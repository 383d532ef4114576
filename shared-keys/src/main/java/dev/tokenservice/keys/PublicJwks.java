package dev.tokenservice.keys;

import java.util.Collection;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/** JWK sets meant to leave the server: built from public forms only, and checked again. */
public final class PublicJwks {

	private PublicJwks() {
	}

	public static JWKSet publicSet(Collection<? extends JWK> keys) {
		List<JWK> publicKeys = keys.stream().map(JWK::toPublicJWK).toList();
		for (JWK key : publicKeys) {
			// belt and braces: a JWK type whose public form kept private parts must never be published
			if (key.isPrivate()) {
				throw new IllegalStateException("Key " + key.getKeyID() + " still has private parameters");
			}
		}
		return new JWKSet(publicKeys);
	}

	/** {@code {"keys":[...]}} with public parameters only. */
	public static String toJson(Collection<? extends JWK> keys) {
		return publicSet(keys).toString(true);
	}

}
