package dev.tokenservice.resource.logs;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.testsupport.JsonLogLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON log switch ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}): a refused delete, logged at
 * DEBUG by web-support's ProblemResponses, carries the trace id of the caller's W3C {@code traceparent}.
 */
@TestPropertySource(properties = { "logging.structured.format.console=ecs", "logging.level.dev.tokenservice.web=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTests extends ApiTest {

	@Test
	void aRefusedDeleteIsAJsonLineWithTheCallersTraceId(CapturedOutput output) {
		String traceId = JsonLogLines.newTraceId();
		String userToken = this.issuer.token().build();
		HttpResponse<String> refused = call("DELETE", "/api/people/42", userToken, null, "traceparent",
				JsonLogLines.traceparent(traceId));
		assertThat(refused.statusCode()).isEqualTo(403);

		Map<String, Object> line = JsonLogLines.linesOf(output, "Refused DELETE /api/people/42: 403", 1).get(0);
		assertThat(JsonLogLines.traceId(line)).isEqualTo(traceId);
		assertThat(output.toString()).doesNotContain(userToken);
	}

	@Test
	void aRequestWithoutTraceparentGetsATraceIdOfItsOwn(CapturedOutput output) {
		assertThat(call("DELETE", "/api/people/43", null, null).statusCode()).isEqualTo(401);

		Map<String, Object> line = JsonLogLines.linesOf(output, "Refused DELETE /api/people/43: 401", 1).get(0);
		assertThat(JsonLogLines.traceId(line)).matches("[0-9a-f]{32}");
	}

}
