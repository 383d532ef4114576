package dev.tokenservice.auth.keys;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The published keys of the ring's current snapshot, for the token encoder, the JWKS endpoint and
 * the server's own decoder. Reads memory only: the snapshot is replaced, never mutated.
 */
public class KeyRingJwkSource implements JWKSource<SecurityContext> {

	private final KeyRingService keyRing;

	public KeyRingJwkSource(KeyRingService keyRing) {
		this.keyRing = keyRing;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(this.keyRing.current().jwks());
	}

}
