package dev.tokenservice.resource.security;

import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.resource.support.TestIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An issuer outage longer than the JWKS cache TTL: the keys last fetched keep verifying new tokens (up to
 * {@code app.issuer.jwks-outage-tolerance}), an unknown {@code kid} is still refused without harming them.
 * Nimbus times its caches with the system clock, so the TTL here is short and real.
 */
@TestPropertySource(properties = { "app.issuer.jwks-cache-ttl=300ms", "app.issuer.jwks-outage-tolerance=1h" })
class IssuerOutageTests extends ApiTest {

	@Test
	void newTokensOfKnownKeysAreAcceptedWhileTheIssuerIsDownBeyondTheCacheTtl() throws Exception {
		RSAKey key = TestIssuer.newKey();
		this.issuer.publish(key);
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> list(tokenOf(key)) == 200);

			try (AutoCloseable outage = this.issuer.goDown()) {
				int fetchesBefore = this.issuer.jwksFetches();
				// well past the TTL: each new token (a new jti, never in the verified-token cache) makes the
				// service refresh the expired keys; the issuer answers 503 and the last good keys are used
				long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
				while (System.nanoTime() < until) {
					assertThat(list(tokenOf(key))).isEqualTo(200);
					assertThat(list(this.issuer.token().build())).isEqualTo(200);
					Thread.sleep(100);
				}
				assertThat(this.issuer.jwksFetches() - fetchesBefore)
					.as("refreshes the issuer refused during the outage")
					.isGreaterThanOrEqualTo(2);

				RSAKey stranger = TestIssuer.newKey();
				assertThat(list(this.issuer.token().signedWith(stranger, stranger.getKeyID()).build())).isEqualTo(401);
				assertThat(list(tokenOf(key))).isEqualTo(200);
				assertThat(status("/actuator/health/readiness")).isEqualTo(200);
			}

			// the issuer is back: a key it no longer publishes is refused once the keys are fetched again
			this.issuer.withdraw(key);
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> list(tokenOf(key)) == 401);
			assertThat(list(this.issuer.token().build())).isEqualTo(200);
		}
		finally {
			this.issuer.withdraw(key);
		}
	}

	private String tokenOf(RSAKey key) {
		return this.issuer.token().signedWith(key, key.getKeyID()).build();
	}

	private int list(String token) {
		return call("GET", "/api/people", token, null).statusCode();
	}

	private int status(String path) {
		return call("GET", path, null, null).statusCode();
	}

}
