package dev.tokenservice.resource.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokenservice.web.ClockTicker;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Access tokens that passed every check, kept so that the next request with the same token skips the
 * parsing, the signature and the claim checks: a client sends one token with many requests. A refused
 * token is never kept, so it is checked in full each time. An entry lives until its token's
 * {@code exp} plus the clock skew, and at most {@code timeToLive}; whenever the issuer's keys are
 * fetched again, entries whose {@code kid} left the key set go at once. So a token of a withdrawn key
 * is refused no later than it would be without this cache, plus {@code timeToLive} when no other
 * token made this service fetch the keys in between.
 * <p>
 * As the chain's {@link #authenticationManager authentication manager} it also keeps what the token's
 * claims were converted into (the authorities and the principal's name), so a request with a token seen
 * before costs one lookup and one small object: no parsing, no verification, no conversion.
 */
final class VerifiedTokenCache {

	private final Cache<String, Verified> tokens;

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
			.expireAfter(Expiry.<String, Verified>creating((token, verified) -> lifetime(verified.jwt(), timeToLive)))
			.ticker(new ClockTicker(clock))
			.build();
	}

	/** The verifier, with the tokens it accepted kept in front of it. */
	JwtDecoder around(JwtDecoder verifier) {
		if (!this.enabled) {
			return verifier;
		}
		return (token) -> {
			Verified verified = this.tokens.getIfPresent(token);
			if (verified != null) {
				this.metrics.cacheHit();
				return verified.jwt();
			}
			this.metrics.cacheMiss();
			Jwt jwt = verifier.decode(token);
			this.tokens.put(token, new Verified(jwt, null));
			return jwt;
		};
	}

	/**
	 * What {@link JwtAuthenticationProvider} does with {@code verifier} and {@code converter} (the same
	 * exceptions for refused tokens: {@link InvalidBearerTokenException} for a bad token,
	 * {@link AuthenticationServiceException} when it could not be checked), with the accepted tokens
	 * kept together with their converted authentication: each request gets a new authentication of the
	 * kept token, authorities and name, with its own details. A disabled cache is Spring's provider.
	 */
	AuthenticationManager authenticationManager(JwtDecoder verifier,
			Converter<Jwt, ? extends AbstractAuthenticationToken> converter) {
		if (!this.enabled) {
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(verifier);
			provider.setJwtAuthenticationConverter(converter);
			return provider::authenticate;
		}
		return (request) -> {
			BearerTokenAuthenticationToken bearer = (BearerTokenAuthenticationToken) request;
			String token = bearer.getToken();
			Verified verified = this.tokens.getIfPresent(token);
			if (verified != null && verified.authentication() != null) {
				this.metrics.cacheHit();
			}
			else {
				this.metrics.cacheMiss();
				Jwt jwt = decode(verifier, token);
				AbstractAuthenticationToken converted = converter.convert(jwt);
				if (converted == null) {
					throw new AuthenticationServiceException("The token could not be converted into an authentication");
				}
				verified = new Verified(jwt, converted);
				this.tokens.put(token, verified);
			}
			return verified.authenticationFor(bearer);
		};
	}

	private static Jwt decode(JwtDecoder verifier, String token) {
		try {
			return verifier.decode(token);
		}
		catch (BadJwtException ex) {
			throw new InvalidBearerTokenException(ex.getMessage(), ex);
		}
		catch (JwtException ex) {
			throw new AuthenticationServiceException(ex.getMessage(), ex);
		}
	}

	/** The issuer's keys were fetched again: tokens of keys it no longer publishes are checked anew. */
	void keysRefreshed(JWKSet keys) {
		this.tokens.asMap()
			.values()
			.removeIf((verified) -> keys.getKeyByKeyId((String) verified.jwt().getHeaders().get("kid")) == null);
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

	/**
	 * A verified token and, when the chain's manager verified it, what it was converted into (null when
	 * only {@link #around} saw it).
	 */
	private record Verified(Jwt jwt, AbstractAuthenticationToken authentication) {

		Authentication authenticationFor(BearerTokenAuthenticationToken bearer) {
			AbstractAuthenticationToken result = (this.authentication instanceof JwtAuthenticationToken)
					? new JwtAuthenticationToken(this.jwt, this.authentication.getAuthorities(),
							this.authentication.getName())
					: this.authentication;
			if (result.getDetails() == null) {
				result.setDetails(bearer.getDetails());
			}
			return result;
		}

	}

}
