package dev.tokenservice.resource.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokenservice.resource.ResourceServerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The service starts while its issuer is down, stays live, and says it is not ready. */
class IssuerDownTests {

	@Test
	void startsWithIssuerDownAndReportsNotReady() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ResourceServerApplication.class)
			.run("--server.port=0", "--app.issuer.uri=http://127.0.0.1:" + closedPort,
					"--spring.datasource.url=jdbc:h2:mem:issuer-down;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")) {
			String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");

			assertThat(status(base + "/actuator/health/liveness")).isEqualTo(200);
			HttpResponse<String> readiness = get(base + "/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("OUT_OF_SERVICE");
			assertThat(status(base + "/api/people")).isEqualTo(401);
		}
	}

	private static int status(String url) throws IOException, InterruptedException {
		return get(url).statusCode();
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
