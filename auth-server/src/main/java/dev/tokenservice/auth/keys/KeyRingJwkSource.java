package dev.tokenservice.auth.keys;

import java.util.List;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Keys of the ring's current snapshot: the published ones (for the token encoder, the JWKS endpoint and
 * the server's own access-token decoder) or those the issuer still verifies (for its refresh tokens).
 * Reads memory only: the snapshot is replaced, never mutated.
 */
final class KeyRingJwkSource implements JWKSource<SecurityContext> {

	private final KeyRingService keyRing;

	private final Function<KeyRingSnapshot, JWKSet> keys;

	private KeyRingJwkSource(KeyRingService keyRing, Function<KeyRingSnapshot, JWKSet> keys) {
		this.keyRing = keyRing;
		this.keys = keys;
	}

	static KeyRingJwkSource published(KeyRingService keyRing) {
		return new KeyRingJwkSource(keyRing, KeyRingSnapshot::jwks);
	}

	static KeyRingJwkSource verifying(KeyRingService keyRing) {
		return new KeyRingJwkSource(keyRing, KeyRingSnapshot::verificationKeys);
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(this.keys.apply(this.keyRing.current()));
	}

}
