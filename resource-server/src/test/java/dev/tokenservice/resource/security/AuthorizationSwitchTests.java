package dev.tokenservice.resource.security;

import java.net.http.HttpResponse;

import dev.tokenservice.resource.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks' open people API exists only under the {@code benchmark} profile: the shared context
 * activates no profile, so an API opened outside that profile fails here.
 */
class AuthorizationSwitchTests extends ApiTest {

	@Test
	void byDefaultEveryPeopleRequestNeedsAToken() {
		for (String path : new String[] { "/api/people", "/api/people/1" }) {
			HttpResponse<String> response = call("GET", path, null, null);

			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer"));
		}
		assertThat(call("POST", "/api/people", null, "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}").statusCode())
			.isEqualTo(401);
	}

	@Test
	void byDefaultATokenIsStillChecked() {
		String tampered = this.issuer.token().build() + "x";

		assertThat(call("GET", "/api/people", tampered, null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/people", this.issuer.token().build(), null).statusCode()).isEqualTo(200);
	}

}
