package dev.tokenservice.auth.logs;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.tokenservice.testsupport.JsonLogLines;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON log switch ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}): what a request logs carries its
 * trace id, the caller's when it sends a W3C {@code traceparent}, a new one otherwise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:json-logs;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
				"logging.structured.format.console=ecs" })
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTests {

	@LocalServerPort
	int port;

	@Test
	void aFailedLoginIsAJsonLineWithTheCallersTraceId(CapturedOutput output) {
		String traceId = JsonLogLines.newTraceId();
		HttpResponse<String> response = TestHttp.localhost(this.port)
			.json("POST", "/api/auth/login", "{\"email\":\"nobody@example.com\",\"password\":\"not the password\"}",
					"traceparent", JsonLogLines.traceparent(traceId));
		assertThat(response.statusCode()).isEqualTo(401);

		Map<String, Object> line = JsonLogLines.linesOf(output, "Login failed: unknown account", 1).get(0);
		assertThat(JsonLogLines.traceId(line)).isEqualTo(traceId);
		assertThat(line).containsEntry("log", Map.of("level", "INFO", "logger", "dev.tokenservice.auth.login.PasswordLogin"))
			.containsKeys("@timestamp", "spanId");
	}

	@Test
	void withoutATraceparentEachRequestHasATraceIdOfItsOwn(CapturedOutput output) {
		TestHttp http = TestHttp.localhost(this.port);
		for (String email : List.of("first-unknown@example.com", "second-unknown@example.com")) {
			assertThat(http.json("POST", "/api/auth/login",
					"{\"email\":\"" + email + "\",\"password\":\"not the password\"}").statusCode()).isEqualTo(401);
		}
		List<Map<String, Object>> lines = JsonLogLines.linesOf(output, "Login failed: unknown account", 2);
		List<String> ids = lines.stream().map(JsonLogLines::traceId).toList();
		assertThat(ids).allMatch((id) -> id.matches("[0-9a-f]{32}")).doesNotHaveDuplicates();
	}

}
