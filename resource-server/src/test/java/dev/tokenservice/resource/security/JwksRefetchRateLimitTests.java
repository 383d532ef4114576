package dev.tokenservice.resource.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.resource.support.TestIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A flood of tokens naming unknown kids cannot turn the service into a JWKS-fetching machine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:people-rate-limit;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class JwksRefetchRateLimitTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
		registry.add("app.issuer.uri", () -> TestIssuer.shared().url());
	}

	@Test
	void unknownKidsRefetchTheJwksAtMostTwicePerInterval() throws Exception {
		TestIssuer issuer = TestIssuer.shared();
		HttpClient client = HttpClient.newHttpClient();
		int before = issuer.jwksFetches();

		for (int i = 0; i < 20; i++) {
			RSAKey stranger = TestIssuer.newKey();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/people"))
				.header("Authorization",
						"Bearer " + issuer.token().signedWith(stranger, stranger.getKeyID()).build())
				.build();
			assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
		}

		assertThat(issuer.jwksFetches() - before).isBetween(1, 2);
	}

}
