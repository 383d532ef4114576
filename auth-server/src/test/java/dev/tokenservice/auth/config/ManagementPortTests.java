package dev.tokenservice.auth.config;

import dev.tokenservice.auth.AuthServerApplication;
import dev.tokenservice.testsupport.PrometheusScrape;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.server.port} set, Prometheus and the probes answer on the management port without
 * a token and the public port no longer serves them. Spring Boot 4.1 applies the application's security
 * filter chains in the management context too: what they do not open ({@code /actuator/info}) needs a
 * token there as well.
 */
class ManagementPortTests {

	@Test
	void prometheusAndProbesAnswerOnTheManagementPortWithoutAToken() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class)
			.run("--server.port=0", "--management.server.port=0",
					"--spring.datasource.url=jdbc:h2:mem:management-port;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")) {
			TestHttp app = TestHttp.localhost(port(context, "local.server.port"));
			TestHttp management = TestHttp.localhost(port(context, "local.management.port"));

			assertThat(PrometheusScrape.of(management).names()).contains("auth_keys_active_age_seconds",
					"auth_sessions_live", "auth_tokens_issued_total");
			assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(management.get("/actuator/info").statusCode()).isEqualTo(401);
			assertThat(app.get("/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(app.get("/.well-known/openid-configuration").statusCode()).isEqualTo(200);
		}
	}

	private static int port(ConfigurableApplicationContext context, String property) {
		return Integer.parseInt(context.getEnvironment().getProperty(property));
	}

}
