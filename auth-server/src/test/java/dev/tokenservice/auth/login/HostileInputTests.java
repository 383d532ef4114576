package dev.tokenservice.auth.login;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokenservice.testsupport.HostileInput;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static dev.tokenservice.auth.login.AuthApi.newEmail;
import static dev.tokenservice.testsupport.HostileInput.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: malformed and oversized requests to the first-party API are each a 4xx problem document,
 * refused before any password hash or database, and the server answers normally afterwards.
 */
interface HostileInputTests extends FirstPartyApi {

	String[] JSON_ENDPOINTS = { "/api/auth/signup", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout" };

	default HttpResponse<String> post(String path, String json) {
		return http().json("POST", path, json);
	}

	default HttpResponse<String> send(String path, java.util.function.Supplier<HttpRequest.BodyPublisher> body,
			String contentType) {
		return HostileInput.send(http(), "POST", path, body, "Content-Type", contentType);
	}

	default void assertStillAnswers(CapturedOutput output) {
		String email = signedUpUser();
		assertThat(loginBody(email)).containsKey("access_token");
		assertThat(output.getAll()).doesNotContain("OutOfMemoryError").doesNotContain("Unexpected failure");
	}

	@Test
	default void wildcardAndMultipartContentTypesAreUnsupported(CapturedOutput output) {
		String body = "{\"email\":\"" + newEmail() + "\",\"password\":\"" + PASSWORD + "\"}";
		for (String path : JSON_ENDPOINTS) {
			for (String contentType : HostileInput.UNREADABLE_CONTENT_TYPES) {
				HostileInput.assertProblem(send(path, () -> HttpRequest.BodyPublishers.ofString(body), contentType),
						415);
			}
		}
		assertStillAnswers(output);
	}

	@Test
	default void formBodyThatIsNotUtf8IsABadRequest(CapturedOutput output) {
		byte[] notUtf8 = { (byte) 0xff, (byte) 0xfe, 0 };
		for (String path : JSON_ENDPOINTS) {
			HostileInput.assertProblem(send(path, () -> HttpRequest.BodyPublishers.ofByteArray(notUtf8),
					"application/x-www-form-urlencoded"), 400);
		}
		assertStillAnswers(output);
	}

	@Test
	default void nulInAnEmailOrUsernameIsAnInvalidField(CapturedOutput output) {
		HttpResponse<String> signup = post("/api/auth/signup",
				"{\"email\":\"a\\u0000b@example.com\",\"password\":\"" + PASSWORD + "\"}");
		HostileInput.assertProblem(signup, 400);
		assertThat(errorFields(signup)).containsExactly("email");

		HttpResponse<String> login = post("/api/auth/login",
				"{\"email\":\"a\\u0000b@example.com\",\"password\":\"" + PASSWORD + "\"}");
		HostileInput.assertProblem(login, 400);
		assertThat(errorFields(login)).containsExactly("email");

		HttpResponse<String> username = post("/api/auth/login",
				"{\"username\":\"a\\u0000b@example.com\",\"password\":\"" + PASSWORD + "\"}");
		HostileInput.assertProblem(username, 400);
		// the alias is reported by the field's name
		assertThat(errorFields(username)).containsExactly("email");

		HttpResponse<String> refresh = post("/api/auth/refresh", "{\"refresh_token\":\"\\u0000\"}");
		HostileInput.assertProblem(refresh, 400);
		assertThat(errorFields(refresh)).containsExactly("refresh_token");
		assertStillAnswers(output);
	}

	@Test
	default void unpairedSurrogateInAPasswordIsAnInvalidField(CapturedOutput output) {
		String email = newEmail();
		HttpResponse<String> signup = post("/api/auth/signup",
				"{\"email\":\"" + email + "\",\"password\":\"\\ud800 quiet orchard lamps glow\"}");
		HostileInput.assertProblem(signup, 400);
		assertThat(errorFields(signup)).containsExactly("password");
		assertThat(signup.body()).doesNotContain("orchard");

		HttpResponse<String> login = post("/api/auth/login",
				"{\"email\":\"" + signedUpUser() + "\",\"password\":\"\\udfff\"}");
		HostileInput.assertProblem(login, 400);
		assertThat(errorFields(login)).containsExactly("password");
		assertStillAnswers(output);
	}

	@Test
	default void tenMegabyteBodiesAreTooLarge(CapturedOutput output) throws IOException {
		HostileInput.assertProblem(send("/api/auth/login",
				() -> HostileInput.jsonWithLongString("password", HostileInput.TEN_MIB, true), "application/json"), 413);
		HostileInput.assertProblem(HostileInput.chunkedJsonOverSocket(port(), "/api/auth/signup", "password",
				HostileInput.TEN_MIB), 413);
		HostileInput.assertProblem(send("/api/auth/login",
				() -> HostileInput.jsonWithLongString("email", 1024 * 1024, false), "application/json"), 413);
		HostileInput.assertProblem(send("/oauth2/token", () -> HostileInput.longForm(HostileInput.TEN_MIB, true),
				"application/x-www-form-urlencoded"), 413);
		assertStillAnswers(output);
	}

	@Test
	default void deeplyNestedJsonIsUnreadable(CapturedOutput output) {
		HostileInput.assertProblem(post("/api/auth/login", "{\"email\":" + "[".repeat(1000) + "]".repeat(1000) + "}"),
				400);
		assertStillAnswers(output);
	}

}
