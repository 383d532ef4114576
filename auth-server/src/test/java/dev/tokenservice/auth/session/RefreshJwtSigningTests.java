package dev.tokenservice.auth.session;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.keys.KeyRingSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The refresh token's own signing ({@link ActiveKeySigner}) and verification ({@link RefreshTokenDecoder})
 * with Nimbus directly: RS256 with the ring's active key and its kid, following the ring's snapshot, and
 * every check Spring's decoder made (typ, alg, key, issuer, audience, sid, exp, nbf).
 */
class RefreshJwtSigningTests {

	private static final String ISSUER = "http://issuer.test";

	private static final String AUDIENCE = ISSUER + "/api/auth/refresh";

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123456Z");

	private static RSAKey first;

	private static RSAKey second;

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final KeyRingService keyRing = mock(KeyRingService.class);

	@BeforeAll
	static void keys() throws Exception {
		first = new RSAKeyGenerator(2048).keyID("first").generate();
		second = new RSAKeyGenerator(2048).keyID("second").generate();
	}

	@Test
	void signsRs256WithTheActiveKeysKidAndType() throws Exception {
		given(this.keyRing.current()).willReturn(snapshot(first, first));
		Jwt jwt = new ActiveKeySigner(this.keyRing).sign(UserTokens.REFRESH_TOKEN_TYPE, claims(NOW.plusSeconds(60)));

		SignedJWT signed = SignedJWT.parse(jwt.getTokenValue());
		assertThat(signed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(signed.getHeader().getKeyID()).isEqualTo("first");
		assertThat(signed.getHeader().getType()).isEqualTo(new JOSEObjectType(UserTokens.REFRESH_TOKEN_TYPE));
		assertThat(signed.verify(new RSASSAVerifier(first.toRSAPublicKey()))).isTrue();
		assertThat(signed.getJWTClaimsSet().getIssuer()).isEqualTo(ISSUER);
		assertThat(signed.getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
		assertThat(signed.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(60).truncatedTo(ChronoUnit.SECONDS)));
		// the returned Jwt keeps the instants as given, as Spring's encoder did
		assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
		assertThat(jwt.getHeaders()).containsEntry("kid", "first").containsEntry("typ", UserTokens.REFRESH_TOKEN_TYPE);
	}

	@Test
	void signerFollowsTheRingWhenTheActiveKeyChanges() throws Exception {
		ActiveKeySigner signer = new ActiveKeySigner(this.keyRing);
		given(this.keyRing.current()).willReturn(snapshot(first, first));
		assertThat(signer.sign(UserTokens.REFRESH_TOKEN_TYPE, claims(NOW.plusSeconds(60))).getHeaders())
			.containsEntry("kid", "first");
		given(this.keyRing.current()).willReturn(snapshot(second, first, second));
		String rotated = signer.sign(UserTokens.REFRESH_TOKEN_TYPE, claims(NOW.plusSeconds(60))).getTokenValue();
		assertThat(SignedJWT.parse(rotated).getHeader().getKeyID()).isEqualTo("second");
		assertThat(SignedJWT.parse(rotated).verify(new RSASSAVerifier(second.toRSAPublicKey()))).isTrue();
	}

	@Test
	void decoderAcceptsAGoodTokenAndReturnsKidSubjectAndSession() {
		given(this.keyRing.current()).willReturn(snapshot(first, first));
		String token = signedRefreshToken(claims(NOW.plusSeconds(60)));
		RefreshTokenDecoder.Presented presented = decoder().decode(token);
		assertThat(presented.kid()).isEqualTo("first");
		assertThat(presented.subject()).isEqualTo("user-1");
		assertThat(presented.sid()).isEqualTo("session-1");
	}

	@Test
	void decoderVerifiesWithRetiredKeysAndRefusesKeysTheRingNoLongerHonours() {
		given(this.keyRing.current()).willReturn(snapshot(first, first));
		RefreshTokenDecoder decoder = decoder();
		String token = signedRefreshToken(claims(NOW.plusSeconds(60)));
		// rotated: first is retired but still verifies
		given(this.keyRing.current()).willReturn(snapshot(second, first, second));
		assertThat(decoder.decode(token).sid()).isEqualTo("session-1");
		// first left the verification keys (revoked or expired): its tokens are refused
		given(this.keyRing.current()).willReturn(snapshot(second, second));
		assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(InvalidRefreshTokenException.class);
	}

	@Test
	void decoderRefusesAnExpiredTokenAsExpiredAndOneNotYetValid() throws Exception {
		given(this.keyRing.current()).willReturn(snapshot(first, first));
		String expired = signedRefreshToken(claims(NOW.minusSeconds(1)));
		assertThatThrownBy(() -> decoder().decode(expired)).isInstanceOf(RefreshTokenDecoder.Expired.class);
		String notYet = sign(first, UserTokens.REFRESH_TOKEN_TYPE,
				nimbus(claims(NOW.plusSeconds(60))).notBeforeTime(Date.from(NOW.plusSeconds(30))).build());
		assertThatThrownBy(() -> decoder().decode(notYet)).isInstanceOf(InvalidRefreshTokenException.class)
			.isNotInstanceOf(RefreshTokenDecoder.Expired.class);
	}

	@Test
	void decoderRefusesAnotherTypeIssuerAudienceNoSessionAndATamperedSignature() throws Exception {
		given(this.keyRing.current()).willReturn(snapshot(first, first));
		RefreshTokenDecoder decoder = decoder();
		JWTClaimsSet good = nimbus(claims(NOW.plusSeconds(60))).build();
		List<String> refused = List.of(sign(first, "at+jwt", good),
				sign(first, UserTokens.REFRESH_TOKEN_TYPE, new JWTClaimsSet.Builder(good).issuer("http://other").build()),
				sign(first, UserTokens.REFRESH_TOKEN_TYPE,
						new JWTClaimsSet.Builder(good).audience(ISSUER + "/oauth2/token").build()),
				sign(first, UserTokens.REFRESH_TOKEN_TYPE, new JWTClaimsSet.Builder(good).claim("sid", null).build()),
				sign(first, UserTokens.REFRESH_TOKEN_TYPE, new JWTClaimsSet.Builder(good).claim("sid", " ").build()),
				sign(second, UserTokens.REFRESH_TOKEN_TYPE, good), tampered(sign(first, UserTokens.REFRESH_TOKEN_TYPE, good)),
				hs256(good), "not.a.jwt", "");
		for (String token : refused) {
			assertThatThrownBy(() -> decoder.decode(token)).as(token).isInstanceOf(InvalidRefreshTokenException.class);
		}
	}

	private RefreshTokenDecoder decoder() {
		return new RefreshTokenDecoder(this.keyRing, ISSUER, AUDIENCE, this.clock);
	}

	private static KeyRingSnapshot snapshot(RSAKey signing, RSAKey... verifying) {
		return new KeyRingSnapshot(signing, new JWKSet(signing),
				new JWKSet(java.util.Arrays.stream(verifying).map((key) -> (com.nimbusds.jose.jwk.JWK) key.toPublicJWK()).toList()),
				null);
	}

	private static JwtClaimsSet claims(Instant expiresAt) {
		return JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject("user-1")
			.audience(List.of(AUDIENCE))
			.issuedAt(expiresAt.isAfter(NOW) ? NOW : expiresAt.minusSeconds(60))
			.expiresAt(expiresAt)
			.id("jti-1")
			.claim("sid", "session-1")
			.build();
	}

	private static JWTClaimsSet.Builder nimbus(JwtClaimsSet claims) {
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(claims.getSubject())
			.audience(claims.getAudience())
			.issueTime(Date.from(claims.getIssuedAt()))
			.expirationTime(Date.from(claims.getExpiresAt()))
			.jwtID(claims.getId())
			.claim("sid", claims.getClaimAsString("sid"));
	}

	private String signedRefreshToken(JwtClaimsSet claims) {
		return new ActiveKeySigner(this.keyRing).sign(UserTokens.REFRESH_TOKEN_TYPE, claims).getTokenValue();
	}

	private static String sign(RSAKey key, String type, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(new JOSEObjectType(type)).build(),
				claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static String tampered(String token) {
		String[] parts = token.split("\\.");
		String payload = com.nimbusds.jose.util.Base64URL.encode(parts[1].length() + "x").toString();
		return parts[0] + "." + payload + "." + parts[2];
	}

	private static String hs256(JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("first")
			.type(new JOSEObjectType(UserTokens.REFRESH_TOKEN_TYPE))
			.build(), claims);
		jwt.sign(new MACSigner(new byte[32]));
		return jwt.serialize();
	}

}
