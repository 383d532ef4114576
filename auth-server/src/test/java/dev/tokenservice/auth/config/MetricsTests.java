package dev.tokenservice.auth.config;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.testsupport.PrometheusScrape;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The auth server's own gauges and the issued-tokens counter move when their event happens, read from a
 * real scrape of {@code /actuator/prometheus} without a token: the key ages follow the clock and reset at
 * a rotation, live sessions follow logins and logouts (after the count's cache), and each kind of token
 * response counts once under its grant type and client. (Logins, refreshes, signups and key operations
 * by outcome are {@code SecurityEvents}' counters.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:metrics;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
				"app.bootstrap.demo-user.email=" + MetricsTests.USER,
				"app.bootstrap.demo-user.password=" + MetricsTests.PASSWORD,
				// the tests decide when this node reads the ring
				"app.keys.sync-interval=2m", "app.keys.rotation-period=30d" })
@Import(MutableClockConfig.class)
class MetricsTests {

	static final String USER = "metrics-user@example.com";

	static final String PASSWORD = "quiet lantern over the salt marsh";

	private static final String ISSUED = "auth_tokens_issued_total";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	KeyRingService keyRing;

	@Test
	void everyMetricIsScrapedWithoutATokenBeforeItsFirstEvent() {
		PrometheusScrape scrape = scrape();

		assertThat(scrape.names()).contains("auth_keys_active_age_seconds", "auth_keys_rotation_due_seconds",
				"auth_keys_next_published_age_seconds", "auth_sessions_live", ISSUED);
		assertThat(scrape.has(ISSUED, "grant_type", "client_credentials", "client_id", "demo-service")).isTrue();
		assertThat(scrape.has(ISSUED, "grant_type", "authorization_code", "client_id", "demo-web-app")).isTrue();
		assertThat(scrape.has(ISSUED, "grant_type", "refresh_token", "client_id", "demo-web-app")).isTrue();
		assertThat(scrape.has(ISSUED, "grant_type", "password", "client_id", "first-party")).isTrue();
	}

	@Test
	void keyAgesFollowTheClockAndARotationResetsThem() {
		PrometheusScrape before = scrape();
		this.clock.advance(Duration.ofMinutes(20));
		PrometheusScrape later = scrape();

		assertThat(later.value("auth_keys_active_age_seconds") - before.value("auth_keys_active_age_seconds"))
			.isCloseTo(1200.0, within(1.0));
		assertThat(later.value("auth_keys_next_published_age_seconds")
				- before.value("auth_keys_next_published_age_seconds"))
			.isCloseTo(1200.0, within(1.0));
		assertThat(before.value("auth_keys_rotation_due_seconds") - later.value("auth_keys_rotation_due_seconds"))
			.isCloseTo(1200.0, within(1.0));

		// past the publish lead (10 min): the next key may sign
		this.keyRing.rotate(false, "system");
		PrometheusScrape rotated = scrape();
		assertThat(rotated.value("auth_keys_active_age_seconds")).isCloseTo(0.0, within(1.0));
		assertThat(rotated.value("auth_keys_next_published_age_seconds")).isCloseTo(0.0, within(1.0));
		assertThat(rotated.value("auth_keys_rotation_due_seconds"))
			.isCloseTo(Duration.ofDays(30).toSeconds(), within(1.0));
	}

	@Test
	void liveSessionsFollowLoginsAndLogouts() {
		double before = liveSessionsAfterTheCache();
		HttpResponse<String> login = firstParty().login(USER, PASSWORD, "body");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String refreshToken = (String) TestHttp.json(login).get("refresh_token");

		assertThat(liveSessionsAfterTheCache()).isEqualTo(before + 1);

		assertThat(firstParty().logoutWithBody(refreshToken).statusCode()).isEqualTo(204);
		assertThat(liveSessionsAfterTheCache()).isEqualTo(before);
	}

	@Test
	void eachTokenResponseCountsOnceUnderItsGrantTypeAndClient() {
		PrometheusScrape start = scrape();
		HttpResponse<String> login = firstParty().login(USER, PASSWORD, "body");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		PrometheusScrape loggedIn = scrape();
		assertThat(delta(start, loggedIn, "password", "first-party")).isEqualTo(1.0);
		assertThat(loggedIn.value(ISSUED) - start.value(ISSUED)).isEqualTo(1.0);

		assertThat(firstParty().refreshWithBody((String) TestHttp.json(login).get("refresh_token")).statusCode())
			.isEqualTo(200);
		PrometheusScrape refreshed = scrape();
		assertThat(delta(loggedIn, refreshed, "refresh_token", "first-party")).isEqualTo(1.0);
		assertThat(refreshed.value(ISSUED) - loggedIn.value(ISSUED)).isEqualTo(1.0);

		HttpResponse<String> token = http().postForm("/oauth2/token",
				TestHttp.form("grant_type", "client_credentials", "scope", "people:read"), "demo-service",
				"demo-service-secret-change-me");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		PrometheusScrape issued = scrape();
		assertThat(delta(refreshed, issued, "client_credentials", "demo-service")).isEqualTo(1.0);
		assertThat(issued.value(ISSUED) - refreshed.value(ISSUED)).isEqualTo(1.0);

		// refused: nothing issued, nothing counted
		assertThat(firstParty().login(USER, "wrong password, surely", "body").statusCode()).isEqualTo(401);
		assertThat(http().postForm("/oauth2/token", TestHttp.form("grant_type", "client_credentials"),
				"demo-service", "not-the-secret-at-all").statusCode()).isEqualTo(401);
		assertThat(scrape().value(ISSUED)).isEqualTo(issued.value(ISSUED));
	}

	private double liveSessionsAfterTheCache() {
		this.clock.advance(Duration.ofSeconds(31));
		return scrape().value("auth_sessions_live");
	}

	private static double delta(PrometheusScrape before, PrometheusScrape after, String grantType, String clientId) {
		return after.value(ISSUED, "grant_type", grantType, "client_id", clientId)
				- before.value(ISSUED, "grant_type", grantType, "client_id", clientId);
	}

	private FirstPartyClient firstParty() {
		return new FirstPartyClient(http());
	}

	private TestHttp http() {
		return TestHttp.localhost(this.port);
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of(http());
	}

}
