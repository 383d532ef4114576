package dev.tokenservice.resource.people;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.testsupport.HostileInput;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.tokenservice.testsupport.HostileInput.assertProblem;
import static dev.tokenservice.testsupport.HostileInput.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: malformed and oversized requests to the people API are each a 4xx problem document, refused
 * before the database, and the service answers normally afterwards. Run on H2 and PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class HostileInputContract extends ApiTest {

	private static final String VALID = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}";

	String user() {
		return this.issuer.token().build();
	}

	HttpResponse<String> post(String json) {
		return call("POST", "/api/people", user(), json);
	}

	String createdPath() {
		HttpResponse<String> created = post(VALID);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		return location.substring(location.indexOf("/api/people"));
	}

	HttpResponse<String> send(String method, String path, Supplier<HttpRequest.BodyPublisher> body,
			String... headers) {
		String[] all = new String[headers.length + 2];
		System.arraycopy(TestHttp.bearer(user()), 0, all, 0, 2);
		System.arraycopy(headers, 0, all, 2, headers.length);
		return HostileInput.send(TestHttp.localhost(this.port), method, path, body, all);
	}

	@AfterEach
	void stillAnswersNormally(CapturedOutput output) {
		assertThat(post(VALID).statusCode()).isEqualTo(201);
		assertThat(call("GET", "/api/people?size=1", user(), null).statusCode()).isEqualTo(200);
		assertThat(output.getAll()).doesNotContain("OutOfMemoryError").doesNotContain("Unexpected failure");
	}

	@Test
	void wildcardAndMultipartContentTypesAreUnsupported() {
		String path = createdPath();
		for (String contentType : HostileInput.UNREADABLE_CONTENT_TYPES) {
			assertProblem(send("POST", "/api/people", () -> HttpRequest.BodyPublishers.ofString(VALID),
					"Content-Type", contentType), 415);
			assertProblem(send("PUT", path, () -> HttpRequest.BodyPublishers.ofString(VALID), "Content-Type",
					contentType), 415);
		}
	}

	@Test
	void nulInANameOrAnEmailIsAnInvalidField() {
		HttpResponse<String> name = post("{\"firstName\":\"\\u0000\",\"lastName\":\"Nul\"}");
		assertProblem(name, 400);
		assertThat(errorFields(name)).containsExactly("firstName");

		HttpResponse<String> email = post("{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"a\\u0000b@example.com\"}");
		assertProblem(email, 400);
		assertThat(errorFields(email)).containsExactly("email");

		HttpResponse<String> update = call("PUT", createdPath(), user(), "{\"firstName\":\"A\",\"lastName\":\"x\\u0000\"}");
		assertProblem(update, 400);
		assertThat(errorFields(update)).containsExactly("lastName");
	}

	@Test
	void unpairedSurrogatesAndControlCharactersAreInvalidFields() {
		for (String text : new String[] { "\\ud800", "x\\udc00y", "\\ud800\\ud800", "bell\\u0007", "esc\\u001b" }) {
			HttpResponse<String> response = post("{\"firstName\":\"" + text + "\",\"lastName\":\"L\"}");
			assertProblem(response, 400);
			assertThat(errorFields(response)).as(text).containsExactly("firstName");
		}
		// a pair is one character, and tabs and line breaks are text
		assertThat(post("{\"firstName\":\"\\ud83d\\ude00\",\"lastName\":\"tab\\tand\\nnewline\"}").statusCode())
			.isEqualTo(201);
	}

	@Test
	void invalidUtf8IsUnreadable() {
		HttpResponse<String> response = send("POST", "/api/people",
				() -> HttpRequest.BodyPublishers.ofByteArray(new byte[] { '{', '"', 'f', 'i', 'r', 's', 't', 'N', 'a',
						'm', 'e', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}' }),
				"Content-Type", "application/json");
		assertProblem(response, 400);
	}

	@Test
	void formBodyThatIsNotUtf8IsABadRequest() {
		HttpResponse<String> response = send("POST", "/api/people",
				() -> HttpRequest.BodyPublishers.ofByteArray(new byte[] { (byte) 0xff, (byte) 0xfe, 0 }),
				"Content-Type", "application/x-www-form-urlencoded");
		assertProblem(response, 400);
	}

	@Test
	void unknownSortOptionsAreBadRequests() {
		assertProblem(call("GET", "/api/people?sort=createdAt,desc,ignorecase", user(), null), 400);
		assertProblem(call("GET", "/api/people?sort=id,ignorecase", user(), null), 400);
		assertProblem(call("GET", "/api/people?sort=createdAt,desc,bogus", user(), null), 400);
		assertProblem(call("GET", "/api/people?sort=%00", user(), null), 400);
		// Spring Data JDBC cannot sort ignoring case, whatever the column
		assertProblem(call("GET", "/api/people?sort=lastName,desc,ignorecase", user(), null), 400);
		assertThat(call("GET", "/api/people?sort=lastName,desc&sort=id", user(), null).statusCode()).isEqualTo(200);
	}

	@Test
	void tenMegabyteBodyWithContentLengthIsRefusedUnread() {
		assertProblem(send("POST", "/api/people",
				() -> HostileInput.jsonWithLongString("firstName", HostileInput.TEN_MIB, true), "Content-Type",
				"application/json"), 413);
		assertProblem(send("PUT", createdPath(),
				() -> HostileInput.jsonWithLongString("firstName", HostileInput.TEN_MIB, true), "Content-Type",
				"application/json"), 413);
	}

	@Test
	void tenMegabyteChunkedBodyIsCutOffAtTheLimit() throws IOException {
		assertProblem(HostileInput.chunkedJsonOverSocket(this.port, "/api/people", "firstName",
				HostileInput.TEN_MIB, TestHttp.bearer(user())), 413);
		// past the limit but within what Tomcat swallows: the JDK's client hears the answer too
		assertProblem(send("POST", "/api/people",
				() -> HostileInput.jsonWithLongString("firstName", 1024 * 1024, false), "Content-Type",
				"application/json"), 413);
	}

	@Test
	void bodyJustOverTheLimitIsTooLargeAndJustUnderIsRead() {
		int overhead = "{\"firstName\":\"\"}".length();
		assertProblem(send("POST", "/api/people",
				() -> HostileInput.jsonWithLongString("firstName", HostileInput.DEFAULT_LIMIT - overhead + 1, true),
				"Content-Type", "application/json"), 413);
		// read in full and refused by validation: at most 100 characters
		HttpResponse<String> under = send("POST", "/api/people",
				() -> HostileInput.jsonWithLongString("firstName", HostileInput.DEFAULT_LIMIT - overhead, false),
				"Content-Type", "application/json");
		assertProblem(under, 400);
		assertThat(errorFields(under)).contains("firstName");
	}

	@Test
	void deeplyNestedJsonIsUnreadable() {
		assertProblem(post("{\"firstName\":" + "[".repeat(1000) + "]".repeat(1000) + "}"), 400);
	}

}
