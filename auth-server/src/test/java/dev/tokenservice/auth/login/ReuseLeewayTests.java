package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.tokenservice.auth.support.Http;
import dev.tokenservice.auth.support.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static dev.tokenservice.auth.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a reuse leeway, a replay shortly after rotation (a second browser tab) gets a fresh pair
 * instead of killing the session; after the leeway a replay is theft again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.first-party.reuse-leeway=30s",
				"spring.datasource.url=jdbc:h2:mem:reuse-leeway;MODE=PostgreSQL;DB_CLOSE_DELAY=-1" })
@Import(MutableClockConfig.class)
class ReuseLeewayTests {

	static final String PASSWORD = "violet tangerine bicycle harbor";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void replayWithinLeewayGetsAFreshPairAndLaterReplayRevokesTheFamily() {
		Http http = new Http(this.port);
		String email = "tabs-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		http.json("POST", "/api/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
		String first = (String) json(http.json("POST", "/api/auth/login", "{\"email\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"refresh_token_delivery\":\"body\"}")).get("refresh_token");
		String second = (String) json(refresh(http, first)).get("refresh_token");

		this.clock.advance(Duration.ofSeconds(10));
		HttpResponse<String> otherTab = refresh(http, first);
		assertThat(otherTab.statusCode()).as(otherTab.body()).isEqualTo(200);
		assertThat(refresh(http, second).statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(refresh(http, first).statusCode()).isEqualTo(401);
		String fromOtherTab = (String) json(otherTab).get("refresh_token");
		assertThat(refresh(http, fromOtherTab).statusCode()).isEqualTo(401);
	}

	private static HttpResponse<String> refresh(Http http, String token) {
		return http.json("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + token + "\"}");
	}

}
