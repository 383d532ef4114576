package dev.tokenservice.auth.login;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.tokenservice.auth.login.AuthApi.SetCookie;
import org.junit.jupiter.api.Test;

import static dev.tokenservice.auth.login.AuthApi.newEmail;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Login throttling, CORS and the Origin check, and errors that never reach a controller. */
interface AbuseAndBrowserTests extends FirstPartyApi {

	@Test
	default void repeatedFailuresForOneAccountAreThrottledProgressively() {
		String email = signedUpUser();
		for (int i = 0; i < 4; i++) {
			assertProblem(api().login(email, WRONG_PASSWORD, "body"), 401);
		}

		// blocked even with the right password, before any hash is computed
		HttpResponse<String> throttled = api().login(email, PASSWORD, "body");
		assertProblem(throttled, 429);
		assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");

		clock().advance(Duration.ofSeconds(61));
		assertProblem(api().login(email, WRONG_PASSWORD, "body"), 401);
		HttpResponse<String> longer = api().login(email, PASSWORD, "body");
		assertProblem(longer, 429);
		assertThat(longer.headers().firstValue("Retry-After")).hasValue("120");

		clock().advance(Duration.ofSeconds(121));
		assertThat(api().login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
		// the success reset the account's counter: three free failures again
		for (int i = 0; i < 3; i++) {
			assertProblem(api().login(email, WRONG_PASSWORD, "body"), 401);
		}
		assertThat(api().login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	default void aQuietAccountStartsCountingAgain() {
		String email = signedUpUser();
		for (int i = 0; i < 3; i++) {
			assertProblem(api().login(email, WRONG_PASSWORD, "body"), 401);
		}

		clock().advance(Duration.ofHours(25));
		assertProblem(api().login(email, WRONG_PASSWORD, "body"), 401);

		assertThat(api().login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	default void repeatedFailuresFromOneAddressAreThrottledAcrossAccounts() {
		String email = signedUpUser();
		for (int i = 0; i < 13; i++) {
			assertProblem(api().login(newEmail(), PASSWORD, "body"), 401);
		}

		HttpResponse<String> throttled = api().login(email, PASSWORD, "body");

		assertProblem(throttled, 429);
		assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
	}

	@Test
	default void throttleCountersLiveInTheDatabase() {
		String email = signedUpUser();
		assertProblem(api().login(email, WRONG_PASSWORD, "body"), 401);

		List<String> counters = jdbc().sql("select throttle_key, failures from login_throttle")
			.query((rs, row) -> rs.getString(1) + "=" + rs.getInt(2))
			.list();
		assertThat(counters).hasSize(2).contains("account:" + email + "=1");
		assertThat(counters).anyMatch((counter) -> counter.startsWith("address:") && counter.endsWith("=1"));
	}


	@Test
	default void cookieRequestFromAnUntrustedOriginIsForbidden() {
		String cookie = SetCookie.of(api().login(signedUpUser(), PASSWORD, "cookie")).value();

		assertProblem(api().refreshWithCookie(cookie, "Origin", "https://evil.example"), 403);
		assertProblem(api().logoutWithCookie(cookie, "Origin", "null"), 403);

		HttpResponse<String> trusted = api().refreshWithCookie(cookie, "Origin", "https://app.example.com");
		assertThat(trusted.statusCode()).isEqualTo(200);
		assertThat(trusted.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(trusted.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		// same-origin: the issuer's own origin, and the origin the request itself was sent to
		String next = SetCookie.of(trusted).value();
		HttpResponse<String> issuerOrigin = api().refreshWithCookie(next, "Origin", "http://localhost:9000");
		assertThat(issuerOrigin.statusCode()).isEqualTo(200);
		HttpResponse<String> sameOrigin = api().refreshWithCookie(SetCookie.of(issuerOrigin).value(), "Origin",
				"http://localhost:" + port());
		assertThat(sameOrigin.statusCode()).isEqualTo(200);
	}

	@Test
	default void corsIsAnsweredForAllowedOriginsOnly() {
		HttpResponse<String> allowed = http().json("OPTIONS", "/api/auth/refresh", null, "Origin",
				"https://app.example.com", "Access-Control-Request-Method", "POST");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

		HttpResponse<String> refusedPreflight = http().json("OPTIONS", "/api/auth/refresh", null, "Origin",
				"https://evil.example", "Access-Control-Request-Method", "POST");
		assertProblem(refusedPreflight, 403);
		assertThat(refusedPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

		HttpResponse<String> refusedLogin = http().json("POST", "/api/auth/login", "{}", "Origin",
				"https://evil.example");
		assertProblem(refusedLogin, 403);
		assertThat(refusedLogin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}


	@Test
	default void errorsRaisedBeforeSpringMvcAreProblemsToo() {
		// refused by Spring Security's firewall
		assertProblem(http().get("/api/auth/me;jsessionid=x"), 400);
		// refused by Tomcat itself
		HttpResponse<String> hugeHeader = http().send(HttpRequest.newBuilder(URI.create(http().url("/api/auth/me")))
			.header("X-Padding", "a".repeat(20_000))
			.build());
		assertThat(hugeHeader.statusCode()).isEqualTo(400);
		assertThat(hugeHeader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertProblem(http().get("/error"), 404);
	}

}
