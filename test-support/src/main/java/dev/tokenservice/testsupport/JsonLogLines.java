package dev.tokenservice.testsupport;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The JSON lines of a server's console (Spring Boot's structured logging, ECS format) as a test
 * captured them, and W3C trace context to send.
 */
public final class JsonLogLines {

	private static final SecureRandom RANDOM = new SecureRandom();

	private JsonLogLines() {
	}

	/** 32 lower-case hex digits, as W3C trace context writes a trace id. */
	public static String newTraceId() {
		return HexFormat.of().formatHex(bytes(16));
	}

	/** A {@code traceparent} header value for {@code traceId}, sampled. */
	public static String traceparent(String traceId) {
		return "00-" + traceId + "-" + HexFormat.of().formatHex(bytes(8)) + "-01";
	}

	/** The trace id of a line: Micrometer Tracing's {@code traceId} (from the MDC), or ECS's {@code trace.id}. */
	public static String traceId(Map<String, Object> line) {
		Object id = line.containsKey("traceId") ? line.get("traceId") : line.get("trace.id");
		return (id != null) ? id.toString() : null;
	}

	/** Every JSON object line of {@code output} whose {@code message} starts with {@code messageStart}. */
	public static List<Map<String, Object>> lines(CharSequence output, String messageStart) {
		List<Map<String, Object>> found = new ArrayList<>();
		for (String line : output.toString().split("\\R")) {
			if (!line.startsWith("{")) {
				continue;
			}
			try {
				Map<String, Object> json = JSONObjectUtils.parse(line);
				Object message = json.get("message");
				if (message instanceof String text && text.startsWith(messageStart)) {
					found.add(json);
				}
			}
			catch (ParseException ex) {
				// not one JSON object: some other writer's line
			}
		}
		return found;
	}

	/**
	 * The {@code count} such lines, or an assertion error showing the output. No waiting: a request's
	 * lines are written (synchronously, by the console appender) before its response is.
	 */
	public static List<Map<String, Object>> linesOf(CharSequence output, String messageStart, int count) {
		List<Map<String, Object>> found = lines(output, messageStart);
		if (found.size() != count) {
			throw new AssertionError("Expected " + count + " JSON lines starting '" + messageStart + "', found "
					+ found.size() + " in:\n" + output);
		}
		return found;
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
