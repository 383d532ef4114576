package dev.tokenservice.resource.security;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenservice.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness while the issuer is unreachable: ready on keys fetched within the outage tolerance, not ready
 * before any keys were fetched or once the tolerance has run out.
 */
class IssuerHealthIndicatorTests {

	private final MutableClock clock = MutableClock.stopped();

	@Test
	void readinessFollowsTheOutageTolerance() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		IssuerProperties issuer = new IssuerProperties(URI.create("http://127.0.0.1:" + closedPort), null,
				Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1));
		LastFetchedKeys lastFetched = new LastFetchedKeys(this.clock);
		IssuerHealthIndicator indicator = new IssuerHealthIndicator(issuer, lastFetched, this.clock);

		assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

		lastFetched.recording(new JWKSetSource<>() {

			@Override
			public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long time, SecurityContext context) {
				return new JWKSet();
			}

			@Override
			public void close() {
			}

		}).getJWKSet(null, 0, null);
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(indicator.health().getDetails()).containsKeys("keysFetchedAt", "keysTrustedUntil", "error");

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

}
