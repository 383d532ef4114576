package dev.tokenservice.resource.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.resource.support.TestIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokenCacheTests {

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.stopped();

	private final AtomicInteger verifications = new AtomicInteger();

	private Instant expiresAt = this.clock.instant().plus(Duration.ofMinutes(10));

	private String kid = "key-1";

	/** Accepts tokens named "good…" with the current expiry and kid; refuses anything else. */
	private final JwtDecoder verifier = (token) -> {
		this.verifications.incrementAndGet();
		if (!token.startsWith("good")) {
			throw new BadJwtException("refused");
		}
		if (this.clock.instant().isAfter(this.expiresAt.plus(SKEW))) {
			throw new BadJwtException("expired");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.header("kid", this.kid)
			.subject("user")
			.issuedAt(this.expiresAt.minus(Duration.ofMinutes(10)))
			.expiresAt(this.expiresAt)
			.build();
	};

	private final JwtDecoder decoder = new VerifiedTokenCache(100, Duration.ofSeconds(30), SKEW, this.clock)
		.around(this.verifier);

	@Test
	void anAcceptedTokenIsVerifiedOnceWithinTheTimeToLive() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.decoder.decode("good-1").getSubject()).isEqualTo("user");
		}
		assertThat(this.verifications).hasValue(1);

		this.clock.advance(Duration.ofSeconds(31));
		this.decoder.decode("good-1");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void aRefusedTokenIsVerifiedInFullEveryTime() {
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("forged"));
		}
		assertThat(this.verifications).hasValue(3);
	}

	@Test
	void aTokenIsNeverKeptPastItsExpiryAndTheSkew() {
		this.expiresAt = this.clock.instant().plusSeconds(5);
		this.decoder.decode("good-short");

		this.clock.advance(Duration.ofSeconds(5).plus(SKEW).plusSeconds(1));

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("good-short"));
	}

	@Test
	void tokensOfAKeyTheIssuerNoLongerPublishesGoWhenTheKeysAreFetchedAgain() {
		VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofHours(1), SKEW, this.clock);
		JwtDecoder cached = cache.around(this.verifier);
		cached.decode("good-old-key");
		this.kid = "key-2";
		cached.decode("good-new-key");

		cache.keysRefreshed(new JWKSet(List.of(publicKey("key-2"))));

		assertThat(cache.size()).isEqualTo(1);
		cached.decode("good-new-key");
		assertThat(this.verifications).hasValue(2);
		cached.decode("good-old-key");
		assertThat(this.verifications).hasValue(3);
	}

	@Test
	void aSizeOfZeroVerifiesEveryRequest() {
		JwtDecoder uncached = new VerifiedTokenCache(0, Duration.ofSeconds(30), SKEW, this.clock).around(this.verifier);

		assertThat(uncached).isSameAs(this.verifier);
	}

	@Test
	void theManagerVerifiesAndConvertsATokenOnceAndGivesEachRequestItsOwnAuthentication() {
		AtomicInteger conversions = new AtomicInteger();
		AuthenticationManager manager = new VerifiedTokenCache(100, Duration.ofSeconds(30), SKEW, this.clock)
			.authenticationManager(this.verifier, (jwt) -> {
				conversions.incrementAndGet();
				return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("SCOPE_people:read")),
						jwt.getSubject());
			});

		Authentication first = manager.authenticate(bearer("good-1", "request 1"));
		Authentication second = manager.authenticate(bearer("good-1", "request 2"));

		assertThat(this.verifications).hasValue(1);
		assertThat(conversions).hasValue(1);
		assertThat(second).isNotSameAs(first).isInstanceOf(JwtAuthenticationToken.class);
		assertThat(second.isAuthenticated()).isTrue();
		assertThat(second.getName()).isEqualTo("user");
		assertThat(second.getAuthorities()).extracting("authority").containsExactly("SCOPE_people:read");
		assertThat(((JwtAuthenticationToken) second).getToken().getTokenValue()).isEqualTo("good-1");
		assertThat(first.getDetails()).isEqualTo("request 1");
		assertThat(second.getDetails()).isEqualTo("request 2");

		this.clock.advance(Duration.ofSeconds(31));
		manager.authenticate(bearer("good-1", "request 3"));
		assertThat(this.verifications).hasValue(2);
		assertThat(conversions).hasValue(2);
	}

	@Test
	void theManagerRefusesABadTokenAsSpringsProviderDoesAndKeepsNothing() {
		AuthenticationManager manager = new VerifiedTokenCache(100, Duration.ofSeconds(30), SKEW, this.clock)
			.authenticationManager(this.verifier, (jwt) -> new JwtAuthenticationToken(jwt));

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(InvalidBearerTokenException.class)
				.isThrownBy(() -> manager.authenticate(bearer("forged", "request")));
		}
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void theManagerOfADisabledCacheVerifiesEveryRequest() {
		AuthenticationManager manager = new VerifiedTokenCache(0, Duration.ofSeconds(30), SKEW, this.clock)
			.authenticationManager(this.verifier, (jwt) -> new JwtAuthenticationToken(jwt));

		manager.authenticate(bearer("good-1", "request 1"));
		Authentication second = manager.authenticate(bearer("good-1", "request 2"));

		assertThat(this.verifications).hasValue(2);
		assertThat(second.getDetails()).isEqualTo("request 2");
	}

	private static BearerTokenAuthenticationToken bearer(String token, Object details) {
		BearerTokenAuthenticationToken bearer = new BearerTokenAuthenticationToken(token);
		bearer.setDetails(details);
		return bearer;
	}

	private static RSAKey publicKey(String kid) {
		RSAKey key = TestIssuer.newKey();
		return new RSAKey.Builder(key.toPublicJWK()).keyID(kid).build();
	}

}
