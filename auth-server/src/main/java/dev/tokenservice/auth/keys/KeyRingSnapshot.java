package dev.tokenservice.auth.keys;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * What one node knows of the ring at one moment. {@code jwks} holds the published keys, the
 * signing key among them with its private part (so the encoder can select it); everything that
 * leaves the server is made from the public form. {@code verificationKeys} are the public keys whose
 * signatures the server itself still honours (next, active and retired until their tokens expired:
 * a refresh token outlives the publication of the key that signed it). {@code publishedJwks} is the
 * public JWKS document, serialised once.
 */
public record KeyRingSnapshot(RSAKey signingKey, JWKSet jwks, JWKSet verificationKeys,
		PublishedJwks publishedJwks) {

	public KeyRingSnapshot {
		if (!signingKey.isPrivate()) {
			throw new IllegalArgumentException("The signing key needs its private part");
		}
	}

	/** The kids of the JWKS, in its order. */
	public List<String> publishedKids() {
		return this.jwks.getKeys().stream().map(JWK::getKeyID).toList();
	}

	public Set<String> verifyingKids() {
		return this.verificationKeys.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
	}

	/** Whether the server honours a signature by {@code kid}. */
	public boolean verifies(String kid) {
		return kid != null && this.verificationKeys.getKeyByKeyId(kid) != null;
	}

}
