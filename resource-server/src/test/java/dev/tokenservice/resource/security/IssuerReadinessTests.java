package dev.tokenservice.resource.security;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.tokenservice.resource.ResourceServerApplication;
import dev.tokenservice.resource.support.TestIssuer;
import dev.tokenservice.testsupport.PrometheusScrape;
import dev.tokenservice.testsupport.TcpProxy;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the keys, not the issuer: not ready before the first JWKS is in hand, ready from then
 * on, and still ready while the issuer is stopped (past the JWKS cache TTL) as long as keys are cached. The
 * issuer's reachability is a detail of {@code /actuator/health/upstream} and the gauge
 * {@code resource.issuer.reachable}. The issuer sits behind a TCP proxy the test cuts: connections refused,
 * as a stopped issuer refuses them.
 */
class IssuerReadinessTests {

	private final TestIssuer issuer = TestIssuer.shared();

	@Test
	void readyOnceTheFirstKeysAreInHandAndStillReadyWhileTheIssuerIsStopped() throws Exception {
		URI issuerUri = URI.create(this.issuer.url());
		try (TcpProxy proxy = TcpProxy.to(issuerUri.getHost(), issuerUri.getPort())) {
			proxy.cut();
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ResourceServerApplication.class)
				.run("--server.port=0", "--app.issuer.uri=" + this.issuer.url(),
						"--app.issuer.jwk-set-uri=http://127.0.0.1:" + proxy.port() + "/oauth2/jwks",
						"--app.issuer.jwks-cache-ttl=300ms", "--app.issuer.jwks-refetch-min-interval=100ms",
						"--spring.datasource.url=jdbc:h2:mem:issuer-readiness;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")) {
				TestHttp http = TestHttp.localhost(
						Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));

				// never reached: alive, not ready, the issuer unreachable
				assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
				assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
				assertThat(reachable(http)).isFalse();
				assertThat(PrometheusScrape.of(http).value("resource_issuer_reachable")).isZero();

				// the issuer comes up: the readiness probe itself fetches the keys
				proxy.restore();
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
					.until(() -> http.get("/actuator/health/readiness").statusCode() == 200);
				assertThat(list(http, this.issuer.token().build())).isEqualTo(200);
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
					.until(() -> PrometheusScrape.of(http).value("resource_issuer_reachable") == 1.0);
				assertThat(reachable(http)).isTrue();
				double failuresBefore = fetchFailures(http);

				// the issuer stops: well past the cache TTL a new token makes the service try it and fail
				proxy.cut();
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
					assertThat(list(http, this.issuer.token().build())).isEqualTo(200);
					return fetchFailures(http) > failuresBefore;
				});
				assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
				assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
					.until(() -> PrometheusScrape.of(http).value("resource_issuer_reachable") == 0.0);
				assertThat(reachable(http)).isFalse();
				assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
				assertThat(list(http, this.issuer.token().build())).isEqualTo(200);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static boolean reachable(TestHttp http) {
		var response = http.get("/actuator/health/upstream");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> components = (Map<String, Object>) TestHttp.json(response).get("components");
		Map<String, Object> issuer = (Map<String, Object>) components.get("issuer");
		assertThat(issuer).containsEntry("status", "UP");
		return (Boolean) ((Map<String, Object>) issuer.get("details")).get("reachable");
	}

	private static double fetchFailures(TestHttp http) {
		return PrometheusScrape.of(http).value("resource_jwks_fetches_total", "outcome", "failure");
	}

	private static int list(TestHttp http, String token) {
		return http.get("/api/people", TestHttp.bearer(token)).statusCode();
	}

}
