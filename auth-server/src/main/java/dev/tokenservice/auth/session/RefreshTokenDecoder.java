package dev.tokenservice.auth.session;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.keys.KeyRingSnapshot;

/**
 * Verifies a presented refresh token: RS256 by a key the issuer still honours (retired keys too: a
 * refresh token outlives the publication of the key that signed it), {@code typ} rt+jwt, this issuer,
 * the refresh endpoint as audience, a session id, not expired (nor before its {@code nbf}). Anything
 * else is an {@link InvalidRefreshTokenException}; {@link Expired} when only the time is past.
 * <p>
 * Nimbus directly, with one {@link RSASSAVerifier} per verification key of the ring's snapshot (built
 * again when the snapshot changes): Spring's decoder selected the keys from a JWK source, built a new
 * verifier and converted every claim on each call, for a token of which a rotation needs three claims.
 */
class RefreshTokenDecoder {

	private static final int MAX_LENGTH = 8192;

	private static final JOSEObjectType TYPE = new JOSEObjectType(UserTokens.REFRESH_TOKEN_TYPE);

	private final KeyRingService keyRing;

	private final String issuer;

	private final String audience;

	private final Clock clock;

	private volatile Verifiers verifiers;

	RefreshTokenDecoder(KeyRingService keyRing, String issuer, String audience, Clock clock) {
		this.keyRing = keyRing;
		this.issuer = issuer;
		this.audience = audience;
		this.clock = clock;
	}

	Presented decode(String token) {
		if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
			throw new InvalidRefreshTokenException("A refresh token is required");
		}
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			JWSHeader header = jwt.getHeader();
			if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || !TYPE.equals(header.getType())) {
				throw invalid();
			}
			RSASSAVerifier verifier = verifiers().byKid().get(header.getKeyID());
			if (verifier == null || !jwt.verify(verifier)) {
				throw invalid();
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			Instant now = this.clock.instant();
			if (claims.getExpirationTime() == null) {
				throw invalid();
			}
			if (now.isAfter(claims.getExpirationTime().toInstant())) {
				// the same answer either way; only the event counter tells an expired token from a bad one
				throw new Expired();
			}
			if (claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant())) {
				throw invalid();
			}
			List<String> aud = claims.getAudience();
			String sid = claims.getStringClaim("sid");
			if (!this.issuer.equals(claims.getIssuer()) || !aud.contains(this.audience) || sid == null
					|| sid.isBlank()) {
				throw invalid();
			}
			return new Presented(header.getKeyID(), claims.getSubject(), sid);
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			throw invalid();
		}
	}

	private Verifiers verifiers() {
		KeyRingSnapshot snapshot = this.keyRing.current();
		Verifiers current = this.verifiers;
		if (current == null || current.snapshot() != snapshot) {
			Map<String, RSASSAVerifier> byKid = new HashMap<>();
			for (JWK key : snapshot.verificationKeys().getKeys()) {
				if (key instanceof RSAKey rsa && key.getKeyID() != null
						&& (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
						&& (key.getAlgorithm() == null || JWSAlgorithm.RS256.equals(key.getAlgorithm()))) {
					try {
						byKid.put(key.getKeyID(), new RSASSAVerifier(rsa));
					}
					catch (JOSEException ex) {
						// a key that cannot verify verifies nothing
					}
				}
			}
			current = new Verifiers(snapshot, Map.copyOf(byKid));
			this.verifiers = current;
		}
		return current;
	}

	private static InvalidRefreshTokenException invalid() {
		return new InvalidRefreshTokenException("The refresh token is invalid or expired");
	}

	/** What a verified refresh token says: the key that signed it, its user and its session. */
	record Presented(String kid, String subject, String sid) {
	}

	private record Verifiers(KeyRingSnapshot snapshot, Map<String, RSASSAVerifier> byKid) {
	}

	/** A refresh token that was good until its {@code exp}. */
	static final class Expired extends InvalidRefreshTokenException {

		Expired() {
			super("The refresh token is invalid or expired");
		}

	}

}
