package dev.tokenservice.resource.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Builds tokens the way the issuer does, and every way it must not: one change per test. */
public final class TestToken {

	private final JWTClaimsSet.Builder claims;

	private RSAKey key;

	private String kid;

	private String type = "at+jwt";

	TestToken(String issuer, RSAKey key) {
		Instant now = Instant.now();
		this.key = key;
		this.kid = key.getKeyID();
		this.claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject("user-" + UUID.randomUUID())
			.audience(List.of("people-api"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.jwtID(UUID.randomUUID().toString())
			.claim("client_id", "first-party")
			.claim("scope", "people:read people:write")
			.claim("roles", List.of("user"));
	}

	public TestToken claim(String name, Object value) {
		this.claims.claim(name, value);
		return this;
	}

	public TestToken admin() {
		return claim("roles", List.of("user", "admin"));
	}

	/** A client-credentials token: no user, no roles, only the scopes given. */
	public TestToken client(String clientId, String scope) {
		return claim("sub", clientId).claim("client_id", clientId).claim("roles", null).claim("scope", scope);
	}

	/** Expires {@code fromNow} (negative: in the past), issued five minutes before that. */
	public TestToken expiresIn(Duration fromNow) {
		Instant expiry = Instant.now().plus(fromNow);
		return claim("exp", Date.from(expiry)).claim("iat", Date.from(expiry.minus(Duration.ofMinutes(5))));
	}

	public TestToken type(String type) {
		this.type = type;
		return this;
	}

	public TestToken signedWith(RSAKey key, String kid) {
		this.key = key;
		this.kid = kid;
		return this;
	}

	public String build() {
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.kid);
		if (this.type != null) {
			header.type(new JOSEObjectType(this.type));
		}
		SignedJWT jwt = new SignedJWT(header.build(), this.claims.build());
		try {
			jwt.sign(new RSASSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** {@code alg: none}: no signature at all. */
	public String buildUnsigned() {
		return new PlainJWT(this.claims.build()).serialize();
	}

	/** HS256 keyed with the issuer's public key bytes: the algorithm-confusion attack. */
	public String buildHs256WithPublicKey() {
		try {
			byte[] secret = this.key.toRSAPublicKey().getEncoded();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.kid)
				.type(new JOSEObjectType(this.type))
				.build(), this.claims.build());
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
