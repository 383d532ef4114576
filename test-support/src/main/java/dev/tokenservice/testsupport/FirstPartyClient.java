package dev.tokenservice.testsupport;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/**
 * The auth server's first-party API ({@code /api/auth/*}) as a front end calls it: JSON bodies, the
 * refresh token in the body or in its cookie. Answers are returned as they came, for the test to judge.
 */
public class FirstPartyClient {

	/** The refresh cookie's name. */
	public static final String REFRESH_COOKIE = "refresh_token";

	private final TestHttp http;

	public FirstPartyClient(TestHttp http) {
		this.http = http;
	}

	/** An address no other test uses. */
	public static String newEmail(String prefix) {
		return prefix + "-" + UUID.randomUUID() + "@example.com";
	}

	public TestHttp http() {
		return this.http;
	}

	public HttpResponse<String> signup(String email, String password) {
		return this.http.jsonObject("POST", "/api/auth/signup", Map.of("email", email, "password", password));
	}

	/** A login; {@code delivery} is {@code body} or {@code cookie}. */
	public HttpResponse<String> login(String email, String password, String delivery) {
		return this.http.jsonObject("POST", "/api/auth/login",
				Map.of("email", email, "password", password, "refresh_token_delivery", delivery));
	}

	public HttpResponse<String> refreshWithBody(String refreshToken) {
		return this.http.jsonObject("POST", "/api/auth/refresh", Map.of("refresh_token", refreshToken));
	}

	public HttpResponse<String> refreshWithCookie(String cookieValue, String... headers) {
		return this.http.json("POST", "/api/auth/refresh", null, withCookie(cookieValue, headers));
	}

	public HttpResponse<String> logoutWithBody(String refreshToken) {
		return this.http.jsonObject("POST", "/api/auth/logout", Map.of("refresh_token", refreshToken));
	}

	public HttpResponse<String> logoutWithCookie(String cookieValue, String... headers) {
		return this.http.json("POST", "/api/auth/logout", null, withCookie(cookieValue, headers));
	}

	public HttpResponse<String> me(String accessToken) {
		return get("/api/auth/me", accessToken);
	}

	/** A GET with a Bearer access token. */
	public HttpResponse<String> get(String path, String accessToken) {
		return this.http.get(path, TestHttp.bearer(accessToken));
	}

	private static String[] withCookie(String cookieValue, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "Cookie";
		all[1] = REFRESH_COOKIE + "=" + cookieValue;
		System.arraycopy(headers, 0, all, 2, headers.length);
		return all;
	}

}
