package dev.tokenservice.auth.clients;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;

/**
 * The public keys a {@code private_key_jwt} client registers (RFC 7523, OpenID Connect Core §9): a JWK set of
 * RSA and EC public keys only. A key with private parameters is refused, never stored: a client that pastes
 * its private key into a registration has leaked it and must make a new one.
 */
public final class ClientKeys {

	/** The authentication method of clients that sign a JWT with their private key instead of a secret. */
	public static final String PRIVATE_KEY_JWT = "private_key_jwt";

	/** The signature algorithms accepted on a client assertion: asymmetric only, no HS*, no none. */
	public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	private static final Set<KeyType> KEY_TYPES = Set.of(KeyType.RSA, KeyType.EC);

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private ClientKeys() {
	}

	/** The names of {@link #ALGORITHMS}, as discovery lists them. */
	public static List<String> algorithmNames() {
		return ALGORITHMS.stream().map(JWSAlgorithm::getName).toList();
	}

	/**
	 * Parses a JWK set JSON string that must hold at least one key, every key a public RSA or EC key meant
	 * for signatures. The message of the {@link IllegalArgumentException} names the rule, never key material.
	 */
	public static JWKSet publicKeys(String json) {
		JWKSet set;
		try {
			set = JWKSet.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("jwks is not a JWK set (RFC 7517 §5: {\"keys\": [...]})");
		}
		if (set.getKeys().isEmpty()) {
			throw new IllegalArgumentException("jwks holds no key");
		}
		for (JWK key : set.getKeys()) {
			if (key.isPrivate()) {
				throw new IllegalArgumentException(
						"jwks must hold public keys only: a key has private parameters (make a new key pair, this one has leaked)");
			}
			if (!KEY_TYPES.contains(key.getKeyType())) {
				throw new IllegalArgumentException(
						"jwks must hold RSA or EC public keys only, not " + key.getKeyType());
			}
			if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
				throw new IllegalArgumentException("jwks keys must be signature keys (use \"sig\" or no use)");
			}
		}
		return set;
	}

	/**
	 * Checks a JWK set URL: absolute {@code https} without fragment; {@code http} only on a loopback host (a
	 * test): keys fetched in clear could be replaced on the way.
	 */
	public static URI jwksUri(String value) {
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("jwks-uri '" + value + "' is not a valid URI");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
			throw new IllegalArgumentException("jwks-uri '" + value + "' must be an absolute https URL");
		}
		if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException(
					"jwks-uri '" + value + "' must be an https URL (http only on localhost, for tests)");
		}
		if (uri.getRawFragment() != null) {
			throw new IllegalArgumentException("jwks-uri '" + value + "' must not have a fragment");
		}
		return uri;
	}

}
