package dev.tokenservice.auth.support;

import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

/**
 * Checks a token the way an independent resource server would: the key named by its {@code kid},
 * taken from the published JWKS, and Nimbus's plain RSA verifier, not the server's own decoder.
 */
public final class TokenVerifier {

	private TokenVerifier() {
	}

	public static SignedJWT verify(String token, String jwksJson) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
				throw new AssertionError("Not RS256: " + jwt.getHeader().getAlgorithm());
			}
			JWK key = JWKSet.parse(jwksJson).getKeyByKeyId(jwt.getHeader().getKeyID());
			if (key == null) {
				throw new AssertionError("kid " + jwt.getHeader().getKeyID() + " is not in the JWKS");
			}
			if (!jwt.verify(new RSASSAVerifier((RSAKey) key))) {
				throw new AssertionError("Signature does not verify with the published key");
			}
			return jwt;
		}
		catch (ParseException | JOSEException ex) {
			throw new AssertionError("Token or JWKS does not parse", ex);
		}
	}

}
