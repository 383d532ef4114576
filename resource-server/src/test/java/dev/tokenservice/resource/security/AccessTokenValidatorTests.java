package dev.tokenservice.resource.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator chain on its own: the configured clock skew is the one applied, above 60 s too. */
class AccessTokenValidatorTests {

	private static final String ISSUER = "http://issuer.test";

	@Test
	void configuredSkewLongerThanSpringsDefaultIsHonoured() {
		OAuth2TokenValidator<Jwt> validator = validatorWithSkew(Duration.ofMinutes(2));

		assertThat(validator.validate(expiredSecondsAgo(90)).hasErrors()).isFalse();
		assertThat(validator.validate(expiredSecondsAgo(150)).hasErrors()).isTrue();
	}

	@Test
	void configuredSkewShorterThanSpringsDefaultIsHonoured() {
		OAuth2TokenValidator<Jwt> validator = validatorWithSkew(Duration.ofSeconds(5));

		assertThat(validator.validate(expiredSecondsAgo(2)).hasErrors()).isFalse();
		assertThat(validator.validate(expiredSecondsAgo(10)).hasErrors()).isTrue();
	}

	@Test
	void tokenWithoutExpiryIsRefused() {
		Jwt noExpiry = accessToken(Instant.now().minusSeconds(10)).claims((claims) -> claims.remove("exp")).build();

		assertThat(validatorWithSkew(Duration.ofSeconds(30)).validate(noExpiry).hasErrors()).isTrue();
	}

	private static OAuth2TokenValidator<Jwt> validatorWithSkew(Duration skew) {
		return JwtDecoderConfig.accessTokenValidator(
				new IssuerProperties(URI.create(ISSUER), null, Duration.ofMinutes(5), Duration.ofSeconds(30),
						Duration.ofDays(1)),
				new TokensProperties("people-api", skew, 8192, 1000, Duration.ofSeconds(30)));
	}

	private static Jwt expiredSecondsAgo(long seconds) {
		return accessToken(Instant.now().minusSeconds(300)).expiresAt(Instant.now().minusSeconds(seconds)).build();
	}

	private static Jwt.Builder accessToken(Instant issuedAt) {
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.header("typ", "at+jwt")
			.issuer(ISSUER)
			.subject("user-1")
			.audience(List.of("people-api"))
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(300))
			.jti("jti-1")
			.claim("client_id", "first-party");
	}

}
