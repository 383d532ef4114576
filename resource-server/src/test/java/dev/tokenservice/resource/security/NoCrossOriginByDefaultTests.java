package dev.tokenservice.resource.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code app.cors.allowed-origins} no origin is allowed: a browser on another origin reads nothing. */
class NoCrossOriginByDefaultTests extends ApiTest {

	@Test
	void noOriginIsAllowedByDefault() {
		TestHttp http = TestHttp.localhost(this.port);
		HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(http.url("/api/people")))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://localhost:5173")
			.header("Access-Control-Request-Method", "GET")
			.build());
		HttpResponse<String> read = call("GET", "/api/people", this.issuer.token().build(), null, "Origin",
				"http://localhost:5173");

		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

}
