package dev.tokenservice.resource.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokenservice.web.ClockTicker;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Access tokens that passed every check, kept so that the next request with the same token skips the
 * parsing, the signature and the claim checks: a client sends one token with many requests. A refused
 * token is never kept, so it is checked in full each time. An entry lives until its token's
 * {@code exp} plus the clock skew, and at most {@code timeToLive}; whenever the issuer's keys are
 * fetched again, entries whose {@code kid} left the key set go at once. So a token of a withdrawn key
 * is refused no later than it would be without this cache, plus {@code timeToLive} when no other
 * token made this service fetch the keys in between.
 */
final class VerifiedTokenCache {

	private final Cache<String, Jwt> tokens;

	private final Duration clockSkew;

	private final Clock clock;

	private final boolean enabled;

	private final TokenMetrics metrics;

	VerifiedTokenCache(int maximumSize, Duration timeToLive, Duration clockSkew, Clock clock) {
		this(maximumSize, timeToLive, clockSkew, clock, TokenMetrics.unregistered());
	}

	/** Each lookup counted in {@code resource.tokens.cache} (hit, miss); a disabled cache counts nothing. */
	VerifiedTokenCache(int maximumSize, Duration timeToLive, Duration clockSkew, Clock clock, TokenMetrics metrics) {
		this.metrics = metrics;
		this.clockSkew = clockSkew;
		this.clock = clock;
		this.enabled = maximumSize > 0 && !timeToLive.isNegative() && !timeToLive.isZero();
		this.tokens = Caffeine.newBuilder()
			.maximumSize(Math.max(maximumSize, 0))
			.expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt, timeToLive)))
			.ticker(new ClockTicker(clock))
			.build();
	}

	/** The verifier, with the tokens it accepted kept in front of it. */
	JwtDecoder around(JwtDecoder verifier) {
		if (!this.enabled) {
			return verifier;
		}
		return (token) -> {
			Jwt verified = this.tokens.getIfPresent(token);
			if (verified != null) {
				this.metrics.cacheHit();
			}
			else {
				this.metrics.cacheMiss();
				verified = verifier.decode(token);
				this.tokens.put(token, verified);
			}
			return verified;
		};
	}

	/** The issuer's keys were fetched again: tokens of keys it no longer publishes are checked anew. */
	void keysRefreshed(JWKSet keys) {
		this.tokens.asMap()
			.values()
			.removeIf((jwt) -> keys.getKeyByKeyId((String) jwt.getHeaders().get("kid")) == null);
	}

	long size() {
		this.tokens.cleanUp();
		return this.tokens.estimatedSize();
	}

	private Duration lifetime(Jwt jwt, Duration timeToLive) {
		Instant expiresAt = jwt.getExpiresAt();
		Duration untilExpiry = (expiresAt != null)
				? Duration.between(this.clock.instant(), expiresAt.plus(this.clockSkew)) : Duration.ZERO;
		Duration lifetime = (untilExpiry.compareTo(timeToLive) < 0) ? untilExpiry : timeToLive;
		return lifetime.isNegative() ? Duration.ZERO : lifetime;
	}

}
