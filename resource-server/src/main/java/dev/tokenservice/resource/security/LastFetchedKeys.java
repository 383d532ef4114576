package dev.tokenservice.resource.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * When the key source last fetched and parsed the issuer's JWKS itself: readiness waits for the first
 * fetch (keys in hand), and it starts the outage tolerance (the keys of that fetch are used up to
 * {@code app.issuer.jwks-outage-tolerance} after it while the issuer cannot be reached). Each fetch is
 * counted in {@code resource.jwks.fetches} (success, failure).
 */
final class LastFetchedKeys {

	private final Clock clock;

	private final TokenMetrics metrics;

	private volatile Instant at;

	LastFetchedKeys(Clock clock) {
		this(clock, TokenMetrics.unregistered());
	}

	LastFetchedKeys(Clock clock, TokenMetrics metrics) {
		this.clock = clock;
		this.metrics = metrics;
	}

	Optional<Instant> at() {
		return Optional.ofNullable(this.at);
	}

	/** {@code fetching}, recording each JWKS it returns. */
	JWKSetSource<SecurityContext> recording(JWKSetSource<SecurityContext> fetching) {
		return new JWKSetSource<>() {

			@Override
			public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
					throws KeySourceException {
				JWKSet keys;
				try {
					keys = fetching.getJWKSet(evaluator, currentTime, context);
				}
				catch (KeySourceException | RuntimeException ex) {
					LastFetchedKeys.this.metrics.jwksFetched(false);
					throw ex;
				}
				LastFetchedKeys.this.metrics.jwksFetched(true);
				LastFetchedKeys.this.at = LastFetchedKeys.this.clock.instant();
				return keys;
			}

			@Override
			public void close() throws IOException {
				fetching.close();
			}

		};
	}

}
