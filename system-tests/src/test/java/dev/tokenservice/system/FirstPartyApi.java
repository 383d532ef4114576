package dev.tokenservice.system;

import java.net.http.HttpResponse;

import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-party login API and the people API as a mobile app calls them: JSON bodies, the
 * refresh token in the body, each call to whichever node or resource server it is given.
 */
final class FirstPartyApi {

	static final String PASSWORD = "seven quiet herons fold paper maps";

	static String uniqueEmail(String prefix) {
		return FirstPartyClient.newEmail(prefix);
	}

	private static FirstPartyClient on(String node) {
		return new FirstPartyClient(TestHttp.to(node));
	}

	HttpResponse<String> signUp(String node, String email) {
		return on(node).signup(email, PASSWORD);
	}

	HttpResponse<String> logIn(String node, String email, String password) {
		return on(node).login(email, password, "body");
	}

	HttpResponse<String> refresh(String node, String refreshToken) {
		return on(node).refreshWithBody(refreshToken);
	}

	HttpResponse<String> logOut(String node, String refreshToken) {
		return on(node).logoutWithBody(refreshToken);
	}

	HttpResponse<String> me(String node, String accessToken) {
		return on(node).me(accessToken);
	}

	HttpResponse<String> people(String resourceServer, String accessToken) {
		return TestHttp.to(resourceServer).get("/api/people", TestHttp.bearer(accessToken));
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
