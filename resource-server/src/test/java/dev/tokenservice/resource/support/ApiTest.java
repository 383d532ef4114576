package dev.tokenservice.resource.support;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import dev.tokenservice.testsupport.TestHttp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port, trusting the {@link TestIssuer}, called over real HTTP. All
 * subclasses share one Spring context (H2 in memory) unless they add properties.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:people;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
				// short, so tests that rotate keys need not wait; JwksRefetchRateLimitTests keeps the default
				"app.issuer.jwks-refetch-min-interval=100ms" })
public abstract class ApiTest {

	@LocalServerPort
	protected int port;

	protected final TestIssuer issuer = TestIssuer.shared();

	@DynamicPropertySource
	static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
		registry.add("app.issuer.uri", () -> TestIssuer.shared().url());
	}

	protected HttpResponse<String> call(String method, String path, String token, String jsonBody,
			String... headers) {
		String[] all = Stream.concat(Stream.of(TestHttp.bearer(token)), Stream.of(headers)).toArray(String[]::new);
		return TestHttp.localhost(this.port).json(method, path, jsonBody, all);
	}

	public static Map<String, Object> json(HttpResponse<String> response) {
		return TestHttp.json(response);
	}

}
