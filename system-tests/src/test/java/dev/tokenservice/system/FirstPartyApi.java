package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-party login API and the people API as a mobile app calls them: JSON bodies, the
 * refresh token in the body, each call to whichever node or resource server it is given.
 */
final class FirstPartyApi {

	static final String PASSWORD = "seven quiet herons fold paper maps";

	private final JsonHttp http;

	FirstPartyApi(JsonHttp http) {
		this.http = http;
	}

	static String uniqueEmail(String prefix) {
		return prefix + "-" + UUID.randomUUID() + "@example.com";
	}

	HttpResponse<String> signUp(String node, String email) {
		return this.http.send("POST", node + "/api/auth/signup", null, Map.of("email", email, "password", PASSWORD));
	}

	HttpResponse<String> logIn(String node, String email, String password) {
		return this.http.send("POST", node + "/api/auth/login", null,
				Map.of("email", email, "password", password, "refresh_token_delivery", "body"));
	}

	HttpResponse<String> refresh(String node, String refreshToken) {
		return this.http.send("POST", node + "/api/auth/refresh", null, Map.of("refresh_token", refreshToken));
	}

	HttpResponse<String> logOut(String node, String refreshToken) {
		return this.http.send("POST", node + "/api/auth/logout", null, Map.of("refresh_token", refreshToken));
	}

	HttpResponse<String> me(String node, String accessToken) {
		return this.http.send("GET", node + "/api/auth/me", accessToken, null);
	}

	HttpResponse<String> people(String resourceServer, String accessToken) {
		return this.http.send("GET", resourceServer + "/api/people", accessToken, null);
	}

	/** Logs in (asserting success), e.g. for a test's own user or an admin. */
	TokenPair logInOrFail(String node, String email, String password) {
		HttpResponse<String> login = logIn(node, email, password);
		assertThat(login.statusCode()).as("login on %s: %s", node, errorBody(login)).isEqualTo(200);
		return TokenPair.of(login);
	}

	/** A new account with {@link #PASSWORD}, logged in on {@code node}. */
	TokenPair newUser(String node, String prefix) {
		String email = uniqueEmail(prefix);
		HttpResponse<String> signup = signUp(node, email);
		assertThat(signup.statusCode()).as("signup on %s: %s", node, signup.body()).isEqualTo(201);
		return logInOrFail(node, email, PASSWORD);
	}

	/** The body of a refusal, for messages; a success may carry tokens and is never quoted. */
	static String errorBody(HttpResponse<String> response) {
		return (response.statusCode() / 100 == 2) ? "(status " + response.statusCode() + ")" : response.body();
	}

}
