package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.tokenservice.auth.config.HourlyPurge;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.testsupport.TestHttp;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.auth.users.UserService;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the first-party test interfaces share: the running server (given by
 * {@link FirstPartyLoginContract}), the test users, and the checks every answer gets. Tests are
 * grouped by topic in interfaces extending this one, so one Spring context per database runs them all.
 */
interface FirstPartyApi {

	String ADMIN_PASSWORD = "ivory walrus conducts midnight orchestra";

	String PASSWORD = "violet tangerine bicycle harbor";

	String WRONG_PASSWORD = "crimson lantern glides over marble";

	int port();

	AuthApi api();

	TestHttp http();

	MutableClock clock();

	JdbcClient jdbc();

	UserService users();

	RefreshTokenService sessions();

	LoginThrottle throttle();

	HourlyPurge hourlyPurge();

	default String signedUpUser() {
		return api().signedUpUser(PASSWORD);
	}

	default Map<String, Object> loginBody(String email) {
		return api().loginBody(email, PASSWORD);
	}

	default String adminToken() {
		return (String) api().loginBody("root@example.com", ADMIN_PASSWORD).get("access_token");
	}

	default void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		Map<String, Object> problem = json(response);
		assertThat(problem).containsEntry("status", (long) status).containsKeys("title", "detail");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	/** The fields named in a 400's {@code errors}, each once. */
	default List<String> errorFields(HttpResponse<String> response) {
		return ((List<?>) json(response).get("errors")).stream()
			.map((error) -> (String) ((Map<?, ?>) error).get("field"))
			.toList();
	}

}
