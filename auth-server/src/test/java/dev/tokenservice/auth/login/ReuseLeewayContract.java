package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.tokenservice.auth.login.AuthApi.SetCookie;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static dev.tokenservice.auth.support.Race.race;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a reuse leeway (app.refresh.reuse-leeway), a replay shortly after rotation (a second browser
 * tab) gets a fresh pair instead of killing the session; after the leeway a replay is theft again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "app.refresh.reuse-leeway=30s")
@Import(MutableClockConfig.class)
abstract class ReuseLeewayContract {

	static final String PASSWORD = "violet tangerine bicycle harbor";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	AuthApi api;

	@BeforeEach
	void setUp() {
		this.api = new AuthApi(this.port);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	String firstRefreshToken() {
		return (String) this.api.loginBody(this.api.signedUpUser(PASSWORD), PASSWORD).get("refresh_token");
	}

	@Test
	void replayWithinTheLeewayGetsAFreshPairInTheSameSession() {
		String first = firstRefreshToken();
		String second = (String) json(this.api.refreshWithBody(first)).get("refresh_token");

		this.clock.advance(Duration.ofSeconds(29));
		HttpResponse<String> otherTab = this.api.refreshWithBody(first);

		assertThat(otherTab.statusCode()).as(otherTab.body()).isEqualTo(200);
		assertThat((String) json(otherTab).get("refresh_token")).isNotIn(first, second);
		assertThat(this.api.refreshWithBody(second).statusCode()).as("the first tab's token").isEqualTo(200);
		assertThat(this.api.refreshWithBody((String) json(otherTab).get("refresh_token")).statusCode())
			.as("the second tab's token")
			.isEqualTo(200);
	}

	@Test
	void replayAfterTheLeewayRevokesTheFamily() {
		String first = firstRefreshToken();
		String second = (String) json(this.api.refreshWithBody(first)).get("refresh_token");

		this.clock.advance(Duration.ofSeconds(31));

		assertThat(this.api.refreshWithBody(first).statusCode()).isEqualTo(401);
		assertThat(this.api.refreshWithBody(second).statusCode()).isEqualTo(401);
	}

	@Test
	void replayedCookieWithinTheLeewayGetsANewCookie() {
		String first = SetCookie.of(this.api.login(this.api.signedUpUser(PASSWORD), PASSWORD, "cookie")).value();
		String second = SetCookie.of(this.api.refreshWithCookie(first)).value();

		HttpResponse<String> otherTab = this.api.refreshWithCookie(first);

		assertThat(otherTab.statusCode()).isEqualTo(200);
		SetCookie third = SetCookie.of(otherTab);
		third.assertHardened();
		assertThat(third.value()).isNotIn(first, second);
		assertThat(json(otherTab)).doesNotContainKey("refresh_token");
	}

	@Test
	void concurrentRefreshesWithOneTokenAllSucceedWithinTheLeeway() throws Exception {
		String token = firstRefreshToken();

		List<Integer> statuses = race(10, (i) -> this.api.refreshWithBody(token).statusCode());

		assertThat(statuses).hasSize(10).containsOnly(200);
	}

}
