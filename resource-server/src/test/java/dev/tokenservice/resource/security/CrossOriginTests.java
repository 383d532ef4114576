package dev.tokenservice.resource.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser app on a configured origin calls the people API cross-origin with a Bearer token: it may
 * send {@code If-Match} and read the {@code ETag}; another origin is refused with a problem document.
 */
@TestPropertySource(properties = "app.cors.allowed-origins=http://localhost:5173")
class CrossOriginTests extends ApiTest {

	static final String WEB_APP = "http://localhost:5173";

	@Test
	void theConfiguredOriginMayEditWithIfMatchWithoutCredentials() {
		HttpResponse<String> preflight = preflight("/api/people/1", WEB_APP, "PUT", "authorization,content-type,if-match");

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(WEB_APP);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
			.contains("GET", "POST", "PUT", "DELETE");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("authorization", "content-type", "if-match");
		assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");
	}

	@Test
	void anActualRequestExposesTheEtagAndLocation() {
		String token = this.issuer.token().build();
		HttpResponse<String> created = call("POST", "/api/people", token,
				"{\"firstName\":\"Mary\",\"lastName\":\"Somerville\",\"email\":\"mary@example.com\"}", "Origin", WEB_APP);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Access-Control-Allow-Origin")).hasValue(WEB_APP);
		String location = created.headers().firstValue("Location").orElseThrow();

		HttpResponse<String> read = call("GET", location.substring(location.indexOf("/api/people")), token, null,
				"Origin", WEB_APP);

		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("ETag")).hasValue("\"0\"");
		assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue(WEB_APP);
		assertThat(read.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("ETag",
				"Location", "Retry-After", "WWW-Authenticate");
	}

	@Test
	void aRefusedTokenStillCarriesTheCorsHeadersSoTheAppCanReadThe401() {
		HttpResponse<String> refused = call("GET", "/api/people", "not-a-token", null, "Origin", WEB_APP);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(WEB_APP);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
	}

	@Test
	void anotherOriginIsRefusedWithAProblemDocument() {
		for (HttpResponse<String> refused : new HttpResponse[] {
				preflight("/api/people", "https://evil.example.com", "GET", "authorization"),
				call("GET", "/api/people", this.issuer.token().build(), null, "Origin", "https://evil.example.com") }) {
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
			assertThat(json(refused)).containsEntry("status", 403L);
		}
	}

	HttpResponse<String> preflight(String path, String origin, String method, String headers) {
		return TestHttp.localhost(this.port)
			.send(HttpRequest.newBuilder(URI.create(TestHttp.localhost(this.port).url(path)))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", origin)
				.header("Access-Control-Request-Method", method)
				.header("Access-Control-Request-Headers", headers)
				.build());
	}

}
