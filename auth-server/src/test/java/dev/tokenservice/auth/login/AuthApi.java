package dev.tokenservice.auth.login;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.TestHttp;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-party API over real HTTP ({@link FirstPartyClient}), plus what the login tests add: users
 * made for a test, the admin API, and readers of the answers.
 */
final class AuthApi extends FirstPartyClient {

	AuthApi(int port) {
		super(TestHttp.localhost(port));
	}

	static String newEmail() {
		return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	String signedUpUser(String password) {
		String email = newEmail();
		HttpResponse<String> response = signup(email, password);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return email;
	}

	Map<String, Object> loginBody(String email, String password) {
		HttpResponse<String> response = login(email, password, "body");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	HttpResponse<String> admin(String method, String path, String json, String adminToken) {
		return http().json(method, path, json, TestHttp.bearer(adminToken));
	}

	String userId(String accessToken) {
		return (String) json(me(accessToken)).get("id");
	}

	/**
	 * The refresh cookie of a response, read twice: by the JDK's cookie parser (name, value, Max-Age,
	 * HttpOnly, Secure, Path) and attribute by attribute from the raw header, for what the JDK does not
	 * know (SameSite) and to see exactly what was sent.
	 */
	record SetCookie(HttpCookie cookie, Map<String, String> rawAttributes) {

		static SetCookie of(HttpResponse<String> response) {
			List<String> headers = response.headers().allValues("Set-Cookie");
			assertThat(headers).as("Set-Cookie headers").hasSize(1);
			String header = headers.get(0);
			List<HttpCookie> cookies = HttpCookie.parse("Set-Cookie: " + header);
			assertThat(cookies).hasSize(1);
			Map<String, String> attributes = new LinkedHashMap<>();
			String[] parts = header.split(";");
			for (int i = 1; i < parts.length; i++) {
				String[] attribute = parts[i].trim().split("=", 2);
				attributes.put(attribute[0].toLowerCase(Locale.ROOT), (attribute.length > 1) ? attribute[1] : "");
			}
			return new SetCookie(cookies.get(0), attributes);
		}

		String value() {
			return this.cookie.getValue();
		}

		long maxAge() {
			return this.cookie.getMaxAge();
		}

		void assertHardened() {
			assertThat(this.cookie.getName()).isEqualTo(RefreshCookies.NAME);
			assertThat(this.cookie.isHttpOnly()).as("HttpOnly").isTrue();
			assertThat(this.cookie.getSecure()).as("Secure").isTrue();
			assertThat(this.cookie.getPath()).isEqualTo("/api/auth");
			assertThat(this.rawAttributes).containsKeys("httponly", "secure")
				.containsEntry("samesite", "Strict")
				.containsEntry("path", "/api/auth")
				.containsKey("max-age")
				.doesNotContainKey("domain");
		}

		void assertCleared() {
			assertThat(this.cookie.getName()).isEqualTo(RefreshCookies.NAME);
			assertThat(this.cookie.getValue()).isEmpty();
			assertThat(this.rawAttributes).containsEntry("max-age", "0").containsEntry("path", "/api/auth");
		}

	}

}
