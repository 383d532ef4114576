package dev.tokenservice.resource.security;

import java.net.http.HttpResponse;

import dev.tokenservice.resource.support.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the {@code benchmark} profile (bench/run's baseline) the people API answers without any token and
 * ignores whatever token comes; nothing else is opened.
 */
@ActiveProfiles("benchmark")
class AuthorizationDisabledTests extends ApiTest {

	@Test
	void peopleApiAnswersWithoutAToken() {
		HttpResponse<String> created = call("POST", "/api/people", null,
				"{\"firstName\":\"Grace\",\"lastName\":\"Hopper\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Object id = json(created).get("id");

		assertThat(call("GET", "/api/people/" + id, null, null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/people/" + id, "not-a-token", null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/people", null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void otherPathsStayClosed() {
		assertThat(call("GET", "/api/other", null, null).statusCode()).isEqualTo(403);
		assertThat(call("GET", "/actuator/health/readiness", null, null).statusCode()).isIn(200, 503);
	}

}
