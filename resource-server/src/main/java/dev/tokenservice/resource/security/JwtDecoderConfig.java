package dev.tokenservice.resource.security;

import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.tokenservice.web.RsaJwtDecoders;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How a token is trusted: RS256 only, a key of the issuer's JWKS, RFC 9068's {@code typ: at+jwt}, the
 * issuer's {@code iss}, our audience, and {@code exp}/{@code nbf} within the clock skew. Built here
 * rather than by Boot because Boot's JWK-set decoder has no JWKS cache TTL and no limit on refetches
 * triggered by unknown {@code kid}s; the pieces are Nimbus's and Spring's own. Accepted tokens are
 * kept for their next request, with their authorities ({@link VerifiedTokenCache}). Refusals, JWKS fetches and cache lookups are
 * counted ({@link TokenMetrics}, docs/metrics.md).
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfig {

	private static final int JWKS_TIMEOUT_MILLIS = 3000;

	private static final int JWKS_SIZE_LIMIT = 256 * 1024;

	@Bean
	TokenMetrics tokenMetrics(MeterRegistry registry) {
		return new TokenMetrics(registry);
	}

	@Bean
	VerifiedTokenCache verifiedTokenCache(TokensProperties tokens, Clock clock, TokenMetrics metrics) {
		return new VerifiedTokenCache(tokens.verifiedCacheSize(), tokens.verifiedCacheTtl(), tokens.clockSkew(),
				clock, metrics);
	}

	@Bean
	LastFetchedKeys lastFetchedKeys(Clock clock, TokenMetrics metrics) {
		return new LastFetchedKeys(clock, metrics);
	}

	/**
	 * Nimbus's chain, outermost first: the cache (TTL {@code jwks-cache-ttl}; an unknown {@code kid} asks
	 * below it at once), the refetch rate limit, the outage cache (when a fetch fails, the JWKS last fetched
	 * is used up to {@code jwks-outage-tolerance} after that fetch; a failed refresh never empties the
	 * cache), then the HTTP fetch. During an outage a known key's token verifies, an unknown {@code kid}
	 * still costs at most the rate limit's refetch attempts and is refused.
	 */
	@Bean
	JWKSource<SecurityContext> issuerJwkSource(IssuerProperties issuer, VerifiedTokenCache verifiedTokens,
			LastFetchedKeys lastFetched) throws MalformedURLException {
		// lazy: nothing is fetched until the first token arrives, so the service starts while the issuer is down
		JWKSetSource<SecurityContext> fetching = new URLBasedJWKSetSource<>(issuer.effectiveJwkSetUri().toURL(),
				new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT));
		JWKSource<SecurityContext> remote = JWKSourceBuilder.create(lastFetched.recording(fetching))
			.outageTolerant(issuer.jwksOutageTolerance().toMillis())
			.cache(issuer.jwksCacheTtl().toMillis(), Duration.ofSeconds(15).toMillis(), (event) -> {
				if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext> refreshed) {
					verifiedTokens.keysRefreshed(refreshed.getJWKSet());
				}
			})
			.refreshAheadCache(false)
			.rateLimited(issuer.jwksRefetchMinInterval().toMillis())
			.build();
		return new UnavailableKeysAsNoKeys(remote);
	}

	/**
	 * The full check of a token, refusals counted by reason. The chain keeps the tokens it accepted in
	 * front of it ({@link VerifiedTokenCache#authenticationManager}, {@link SecurityConfig}); the cache holds
	 * accepted tokens only, so it sits outside.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> issuerJwkSource, IssuerProperties issuer,
			TokensProperties tokens, TokenMetrics metrics) {
		NimbusJwtDecoder decoder = RsaJwtDecoders.of(issuerJwkSource, "at+jwt", "application/at+jwt");
		decoder.setJwtValidator(accessTokenValidator(issuer, tokens));
		return new RejectionCountingDecoder(decoder, metrics);
	}

	/**
	 * RFC 9068's checks ({@code typ}, {@code iss}, {@code aud}, {@code sub}, {@code client_id}, {@code iat},
	 * {@code jti}, {@code exp}) with our clock skew: the builder hangs a fixed 60 s timestamp check under both
	 * {@code exp} and {@code iat}, so those two entries are replaced (adding ours would cap the skew at 60 s).
	 */
	static OAuth2TokenValidator<Jwt> accessTokenValidator(IssuerProperties issuer, TokensProperties tokens) {
		OAuth2TokenValidator<Jwt> lifetime = new JwtTimestampValidator(tokens.clockSkew());
		return JwtValidators.createAtJwtValidator()
			.issuer(issuer.uri().toString())
			.audience(tokens.audience())
			.validators((validators) -> {
				validators.put(JwtClaimNames.EXP,
						new DelegatingOAuth2TokenValidator<>(required(JwtClaimNames.EXP), lifetime));
				validators.put(JwtClaimNames.IAT, required(JwtClaimNames.IAT));
			})
			.build();
	}

	private static OAuth2TokenValidator<Jwt> required(String claim) {
		return new JwtClaimValidator<Object>(claim, Objects::nonNull);
	}

}
