package dev.tokenservice.auth.session;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.keys.KeyRingSnapshot;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * Signs RS256 JWTs with the key ring's active key, with Nimbus directly: one {@link RSASSASigner} per
 * snapshot of the ring (it follows a rotation at the first token after it), the header
 * {@code alg RS256, kid, typ}. What Spring's {@code NimbusJwtEncoder} did per token besides signing
 * (selecting the key from a JWK source, hashing the JWK to find its cached signer, converting every claim
 * twice) is gone. The signature runs on the preferred JCA provider (the native one where it loads).
 */
final class ActiveKeySigner {

	private final KeyRingService keyRing;

	private volatile Signing signing;

	ActiveKeySigner(KeyRingService keyRing) {
		this.keyRing = keyRing;
	}

	/** A JWT of {@code type} with {@code claims}; the returned {@link Jwt} holds the claims as given. */
	Jwt sign(String type, JwtClaimsSet claims) {
		Signing current = signing();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(current.kid())
			.type(new JOSEObjectType(type))
			.build();
		SignedJWT jwt = new SignedJWT(header, nimbusClaims(claims.getClaims()));
		try {
			jwt.sign(current.signer());
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("The token could not be signed", ex);
		}
		Map<String, Object> headers = new LinkedHashMap<>(4);
		headers.put("alg", JWSAlgorithm.RS256.getName());
		headers.put("kid", current.kid());
		headers.put("typ", type);
		return new Jwt(jwt.serialize(), claims.getIssuedAt(), claims.getExpiresAt(), headers, claims.getClaims());
	}

	private Signing signing() {
		KeyRingSnapshot snapshot = this.keyRing.current();
		Signing current = this.signing;
		if (current == null || current.snapshot() != snapshot) {
			try {
				current = new Signing(snapshot, snapshot.signingKey().getKeyID(),
						new RSASSASigner(snapshot.signingKey()));
			}
			catch (JOSEException ex) {
				throw new JwtEncodingException("The signing key cannot sign", ex);
			}
			this.signing = current;
		}
		return current;
	}

	/** The claims as Nimbus writes them: instants as seconds since the epoch (a {@link Date}). */
	private static JWTClaimsSet nimbusClaims(Map<String, Object> claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.forEach((name, value) -> builder.claim(name, (value instanceof Instant instant) ? Date.from(instant)
				: (JwtClaimNames.ISS.equals(name) && value != null) ? value.toString() : value));
		return builder.build();
	}

	private record Signing(KeyRingSnapshot snapshot, String kid, RSASSASigner signer) {
	}

}
