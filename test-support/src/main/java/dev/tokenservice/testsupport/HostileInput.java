package dev.tokenservice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and oversized requests as an attacker sends them (issue 12), and the checks every answer
 * to one gets: a 4xx problem document, no stack trace. Large bodies are generated while they are sent,
 * never held whole in the test.
 */
public final class HostileInput {

	/** 10 MiB: far past the 64 KiB default of {@code app.http.max-body-size}, and past Tomcat's swallow size. */
	public static final int TEN_MIB = 10 * 1024 * 1024;

	/** The default of {@code app.http.max-body-size}. */
	public static final int DEFAULT_LIMIT = 64 * 1024;

	/** Content types no JSON endpoint reads. */
	public static final List<String> UNREADABLE_CONTENT_TYPES = List.of("*/*", "application/*",
			"multipart/form-data; boundary=xyz", "multipart/form-data");

	private HostileInput() {
	}

	/**
	 * A JSON object whose string {@code field} is {@code length} letters, produced while it is sent: with
	 * {@code Content-Length} when {@code withLength}, else chunked.
	 */
	public static HttpRequest.BodyPublisher jsonWithLongString(String field, int length, boolean withLength) {
		byte[] head = ("{\"" + field + "\":\"").getBytes(StandardCharsets.UTF_8);
		byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
		return body(head, 'a', length, tail, withLength);
	}

	/** A form {@code grant_type=client_credentials&scope=aaaa…} of about {@code length} bytes, generated. */
	public static HttpRequest.BodyPublisher longForm(int length, boolean withLength) {
		byte[] head = "grant_type=client_credentials&scope=".getBytes(StandardCharsets.US_ASCII);
		return body(head, 'a', length, new byte[0], withLength);
	}

	private static HttpRequest.BodyPublisher body(byte[] head, char fill, int length, byte[] tail,
			boolean withLength) {
		HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers
			.ofInputStream(() -> new GeneratedStream(head, (byte) fill, length, tail));
		return withLength ? HttpRequest.BodyPublishers.fromPublisher(stream, head.length + (long) length + tail.length)
				: stream;
	}

	/**
	 * Sends {@code body} with {@code headers} (name, value pairs, {@code Content-Type} included). A server
	 * that answers before reading the whole body and closes may reset the upload: the JDK client then
	 * reports an {@link IOException} rather than the answer, and this retries once with
	 * {@code Expect: 100-continue}, so that the answer comes before the body is sent.
	 */
	public static HttpResponse<String> send(TestHttp http, String method, String path,
			java.util.function.Supplier<HttpRequest.BodyPublisher> body, String... headers) {
		try {
			return http.sendOrThrow(request(http, method, path, body.get(), false, headers));
		}
		catch (IOException ex) {
			return http.send(request(http, method, path, body.get(), true, headers));
		}
	}

	private static HttpRequest request(TestHttp http, String method, String path, HttpRequest.BodyPublisher body,
			boolean expectContinue, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.url(path)))
			.timeout(Duration.ofSeconds(60))
			.expectContinue(expectContinue)
			.method(method, body);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request.build();
	}

	/**
	 * A chunked {@code POST} of a JSON object whose string {@code field} is {@code length} letters, over a
	 * plain socket, 8 KiB a chunk, written by one thread while this one reads the answer: a server that
	 * answers early and closes is heard, where the JDK's client reports only the broken upload.
	 */
	public static HttpResponse<String> chunkedJsonOverSocket(int port, String path, String field, int length,
			String... headers) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(60_000);
			StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port
					+ "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
			for (int i = 0; i < headers.length; i += 2) {
				head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			Thread writer = new Thread(() -> {
				try (InputStream body = new GeneratedStream(("{\"" + field + "\":\"").getBytes(StandardCharsets.UTF_8),
						(byte) 'a', length, "\"}".getBytes(StandardCharsets.UTF_8))) {
					out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
					byte[] chunk = new byte[8192];
					for (int n; (n = body.read(chunk, 0, chunk.length)) > 0;) {
						out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
						out.write(chunk, 0, n);
						out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					}
					out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (IOException ex) {
					// the server stopped reading and closed: expected once it has answered
				}
			}, "chunked-upload");
			writer.setDaemon(true);
			writer.start();
			return RawResponse.read(socket.getInputStream());
		}
	}

	/** A 4xx (exactly {@code status}) problem document without a trace of the server's code. */
	public static Map<String, Object> assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(response.body())
			.hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContain("at dev.")
			.doesNotContain("at org.");
		Map<String, Object> problem = TestHttp.json(response);
		assertThat(problem).containsEntry("status", (long) status).containsKey("title");
		return problem;
	}

	/** The fields named in a 400's {@code errors}. */
	public static List<String> errorFields(HttpResponse<String> response) {
		Object errors = TestHttp.json(response).get("errors");
		assertThat(errors).as(response.body()).isInstanceOf(List.class);
		return ((List<?>) errors).stream().map((error) -> (String) ((Map<?, ?>) error).get("field")).toList();
	}

	/** {@code head}, then {@code length} times {@code fill}, then {@code tail}. */
	static final class GeneratedStream extends InputStream {

		private final byte[] head;

		private final byte fill;

		private final long fillEnd;

		private final byte[] tail;

		private final long end;

		private long position;

		GeneratedStream(byte[] head, byte fill, int length, byte[] tail) {
			this.head = head;
			this.fill = fill;
			this.fillEnd = head.length + (long) length;
			this.tail = tail;
			this.end = this.fillEnd + tail.length;
		}

		@Override
		public int read() {
			if (this.position >= this.end) {
				return -1;
			}
			long p = this.position++;
			if (p < this.head.length) {
				return this.head[(int) p] & 0xff;
			}
			return (p < this.fillEnd) ? this.fill : this.tail[(int) (p - this.fillEnd)] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.position >= this.end) {
				return -1;
			}
			int n = (int) Math.min(length, this.end - this.position);
			for (int i = 0; i < n; i++) {
				buffer[offset + i] = (byte) read();
			}
			return n;
		}

	}

}
