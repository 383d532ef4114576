package dev.tokenservice.keys;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * JWK sets meant to leave the server: built from public forms only, then checked again, because a
 * private parameter in a JWKS is a key compromise that no later fix undoes.
 */
public final class PublicJwks {

	private PublicJwks() {
	}

	/**
	 * The public forms of {@code keys}, in order.
	 *
	 * @throws IllegalArgumentException for a key without a public form (a symmetric key)
	 * @throws IllegalStateException if a public form still has private parameters
	 */
	public static JWKSet publicSet(Collection<? extends JWK> keys) {
		List<JWK> publicKeys = new ArrayList<>(keys.size());
		for (JWK key : keys) {
			JWK publicKey = key.toPublicJWK();
			if (publicKey == null) {
				// Nimbus returns null for octet (symmetric) keys: they have no public form
				throw new IllegalArgumentException("Key " + key.getKeyID() + " has no public form and cannot be published");
			}
			// belt and braces: a JWK type whose public form kept private parts must never be published
			if (publicKey.isPrivate()) {
				throw new IllegalStateException("Key " + key.getKeyID() + " still has private parameters");
			}
			publicKeys.add(publicKey);
		}
		return new JWKSet(publicKeys);
	}

	/** {@code {"keys":[...]}} with public parameters only. */
	public static String toJson(Collection<? extends JWK> keys) {
		// publicKeysOnly = true: a second, independent filter
		return publicSet(keys).toString(true);
	}

}
