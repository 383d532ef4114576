package dev.tokenservice.resource.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.resource.support.TestIssuer;
import dev.tokenservice.testsupport.PrometheusScrape;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters move when their event happens, read from a real scrape of {@code /actuator/prometheus}
 * (no token needed): each kind of refused token counts once under its reason and under no other, a
 * token seen again is a cache hit, a JWKS fetch counts as a success.
 */
class TokenMetricsTests extends ApiTest {

	private static final String REJECTED = "resource_tokens_rejected_total";

	@Test
	void everyReasonIsThereBeforeItsFirstRefusal() {
		PrometheusScrape scrape = scrape();
		for (String reason : List.of("expired", "not_yet_valid", "bad_signature", "unknown_kid", "wrong_algorithm",
				"wrong_type", "wrong_issuer", "wrong_audience", "missing_claim", "malformed", "too_long", "other")) {
			assertThat(scrape.has(REJECTED, "reason", reason)).as(reason).isTrue();
		}
		assertThat(scrape.has("resource_jwks_fetches_total", "outcome", "failure")).isTrue();
		assertThat(scrape.has("resource_tokens_cache_total", "result", "hit")).isTrue();
		assertThat(scrape.has("resource_issuer_reachable")).isTrue();
	}

	@Test
	void eachRefusedTokenCountsUnderItsReason() {
		RSAKey stranger = TestIssuer.newKey();
		Map<String, Supplier<String>> tokens = Map.ofEntries(
				Map.entry("expired", () -> this.issuer.token().expiresIn(Duration.ofMinutes(-5)).build()),
				Map.entry("not_yet_valid",
						() -> this.issuer.token().claim("nbf", Instant.now().plusSeconds(600).getEpochSecond()).build()),
				Map.entry("bad_signature", () -> tampered(this.issuer.token().build())),
				Map.entry("unknown_kid", () -> this.issuer.token().signedWith(stranger, stranger.getKeyID()).build()),
				Map.entry("wrong_algorithm", () -> this.issuer.token().buildHs256WithPublicKey()),
				Map.entry("wrong_type", () -> this.issuer.token().type("rt+jwt").build()),
				Map.entry("wrong_issuer", () -> this.issuer.token().claim("iss", "http://evil.example").build()),
				Map.entry("wrong_audience", () -> this.issuer.token().claim("aud", List.of("billing-api")).build()),
				Map.entry("missing_claim", () -> this.issuer.token().claim("jti", null).build()),
				Map.entry("malformed", () -> "a.b.c"),
				Map.entry("too_long", () -> this.issuer.token().claim("padding", "x".repeat(9000)).build()));
		// the key source knows the issuer's keys before the first refusal, so a fetch is not in the way
		assertThat(list(this.issuer.token().build())).isEqualTo(200);
		tokens.forEach((reason, token) -> {
			PrometheusScrape before = scrape();
			assertThat(list(token.get())).as(reason).isEqualTo(401);
			PrometheusScrape after = scrape();
			assertThat(after.value(REJECTED, "reason", reason) - before.value(REJECTED, "reason", reason))
				.as(reason)
				.isEqualTo(1.0);
			assertThat(after.value(REJECTED) - before.value(REJECTED)).as("all reasons, after " + reason).isEqualTo(1.0);
		});
	}

	@Test
	void aTokenSeenAgainIsACacheHitAndTheFirstTimeAMiss() {
		String token = this.issuer.token().build();
		PrometheusScrape before = scrape();
		assertThat(list(token)).isEqualTo(200);
		assertThat(list(token)).isEqualTo(200);
		assertThat(list(token)).isEqualTo(200);
		PrometheusScrape after = scrape();

		assertThat(delta(before, after, "resource_tokens_cache_total", "result", "miss")).isEqualTo(1.0);
		assertThat(delta(before, after, "resource_tokens_cache_total", "result", "hit")).isEqualTo(2.0);
	}

	@Test
	void aKeyFetchedForAnUnknownKidCountsAsASuccessfulFetch() {
		RSAKey key = TestIssuer.newKey();
		this.issuer.publish(key);
		try {
			PrometheusScrape before = scrape();
			assertThat(list(this.issuer.token().signedWith(key, key.getKeyID()).build())).isEqualTo(200);
			PrometheusScrape after = scrape();

			assertThat(delta(before, after, "resource_jwks_fetches_total", "outcome", "success")).isEqualTo(1.0);
			assertThat(delta(before, after, "resource_jwks_fetches_total", "outcome", "failure")).isZero();
			assertThat(after.value("resource_issuer_reachable")).isEqualTo(1.0);
		}
		finally {
			this.issuer.withdraw(key);
		}
	}

	@Test
	void aFailedFetchCountsAsAFailure() throws Exception {
		RSAKey stranger = TestIssuer.newKey();
		assertThat(list(this.issuer.token().build())).isEqualTo(200);
		try (AutoCloseable outage = this.issuer.goDown()) {
			PrometheusScrape before = scrape();
			// an unknown kid makes the service ask the issuer at once (subject to the 100 ms refetch limit)
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(150))
				.until(() -> {
					list(this.issuer.token().signedWith(stranger, stranger.getKeyID()).build());
					return delta(before, scrape(), "resource_jwks_fetches_total", "outcome", "failure") >= 1;
				});
		}
	}

	private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of(TestHttp.localhost(this.port));
	}

	private int list(String token) {
		return call("GET", "/api/people", token, null).statusCode();
	}

	private static String tampered(String token) {
		int signatureStart = token.lastIndexOf('.') + 1;
		char flipped = (token.charAt(signatureStart + 5) == 'A') ? 'B' : 'A';
		return token.substring(0, signatureStart + 5) + flipped + token.substring(signatureStart + 6);
	}

}
