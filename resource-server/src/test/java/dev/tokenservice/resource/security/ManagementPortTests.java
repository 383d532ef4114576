package dev.tokenservice.resource.security;

import dev.tokenservice.resource.ResourceServerApplication;
import dev.tokenservice.resource.support.TestIssuer;
import dev.tokenservice.testsupport.PrometheusScrape;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.server.port} set, Prometheus and the probes answer on the management port without
 * a token, and the public port no longer serves them. Spring Boot 4.1 applies the application's security
 * filter chain in the management context as well, so what that chain does not open (here
 * {@code /actuator/info}) needs a token on the management port too.
 */
class ManagementPortTests {

	@Test
	void prometheusAndProbesAnswerOnTheManagementPortWithoutAToken() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ResourceServerApplication.class)
			.run("--server.port=0", "--management.server.port=0", "--app.issuer.uri=" + TestIssuer.shared().url(),
					"--spring.datasource.url=jdbc:h2:mem:management-port;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")) {
			TestHttp app = TestHttp.localhost(port(context, "local.server.port"));
			TestHttp management = TestHttp.localhost(port(context, "local.management.port"));

			PrometheusScrape scrape = PrometheusScrape.of(management);
			assertThat(scrape.names()).contains("resource_tokens_rejected_total", "resource_jwks_fetches_total",
					"resource_tokens_cache_total", "resource_issuer_reachable");
			assertThat(management.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

			// the application's security chain guards the management port too: only what it opens is open
			assertThat(management.get("/actuator/info").statusCode()).isEqualTo(401);
			assertThat(app.get("/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(app.get("/api/people", TestHttp.bearer(TestIssuer.shared().token().build())).statusCode())
				.isEqualTo(200);
		}
	}

	private static int port(ConfigurableApplicationContext context, String property) {
		return Integer.parseInt(context.getEnvironment().getProperty(property));
	}

}
