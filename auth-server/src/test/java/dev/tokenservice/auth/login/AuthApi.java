package dev.tokenservice.auth.login;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.tokenservice.auth.support.Http;

import static dev.tokenservice.auth.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Calls of the first-party API over real HTTP, and readers of its answers, shared by the login tests. */
final class AuthApi {

	final Http http;

	AuthApi(int port) {
		this.http = new Http(port);
	}

	static String newEmail() {
		return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	HttpResponse<String> signup(String email, String password) {
		return this.http.json("POST", "/api/auth/signup",
				"{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
	}

	String signedUpUser(String password) {
		String email = newEmail();
		HttpResponse<String> response = signup(email, password);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return email;
	}

	HttpResponse<String> login(String email, String password, String delivery) {
		return this.http.json("POST", "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password
				+ "\",\"refresh_token_delivery\":\"" + delivery + "\"}");
	}

	Map<String, Object> loginBody(String email, String password) {
		HttpResponse<String> response = login(email, password, "body");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	HttpResponse<String> refreshWithBody(String refreshToken) {
		return this.http.json("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	HttpResponse<String> refreshWithCookie(String cookieValue, String... headers) {
		return this.http.json("POST", "/api/auth/refresh", null, withCookie(cookieValue, headers));
	}

	HttpResponse<String> logoutWithCookie(String cookieValue, String... headers) {
		return this.http.json("POST", "/api/auth/logout", null, withCookie(cookieValue, headers));
	}

	HttpResponse<String> get(String path, String accessToken) {
		return this.http.json("GET", path, null, "Authorization", "Bearer " + accessToken);
	}

	HttpResponse<String> admin(String method, String path, String json, String adminToken) {
		return this.http.json(method, path, json, "Authorization", "Bearer " + adminToken);
	}

	String userId(String accessToken) {
		return (String) json(get("/api/auth/me", accessToken)).get("id");
	}

	private static String[] withCookie(String cookieValue, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "Cookie";
		all[1] = RefreshCookies.NAME + "=" + cookieValue;
		System.arraycopy(headers, 0, all, 2, headers.length);
		return all;
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
