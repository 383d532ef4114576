package dev.tokenservice.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SSLSession;

/**
 * An HTTP/1.1 answer read off a socket ({@link HostileInput#chunkedJsonOverSocket}): status line, headers,
 * and a body delimited by {@code Content-Length}, chunked, or by the connection's end. Test code only.
 */
record RawResponse(int statusCode, HttpHeaders headers, String body) implements HttpResponse<String> {

	static HttpResponse<String> read(InputStream in) throws IOException {
		String statusLine = line(in);
		String[] status = statusLine.split(" ", 3);
		if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
			throw new IOException("Not an HTTP/1.1 status line: " + statusLine);
		}
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			headers.computeIfAbsent(header.substring(0, colon).trim(), (name) -> new ArrayList<>())
				.add(header.substring(colon + 1).trim());
		}
		HttpHeaders httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		Optional<String> length = httpHeaders.firstValue("Content-Length");
		if (length.isPresent()) {
			body.write(in.readNBytes(Integer.parseInt(length.get())));
		}
		else if (httpHeaders.firstValue("Transfer-Encoding").map((v) -> v.toLowerCase(Locale.ROOT).contains("chunked"))
			.orElse(false)) {
			for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0; size = Integer
				.parseInt(line(in).split(";")[0].trim(), 16)) {
				body.write(in.readNBytes(size));
				line(in);
			}
		}
		else {
			body.write(in.readAllBytes());
		}
		return new RawResponse(Integer.parseInt(status[1]), httpHeaders, body.toString(StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("Connection closed inside the answer's head");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public HttpRequest request() {
		return null;
	}

	@Override
	public Optional<HttpResponse<String>> previousResponse() {
		return Optional.empty();
	}

	@Override
	public Optional<SSLSession> sslSession() {
		return Optional.empty();
	}

	@Override
	public URI uri() {
		return null;
	}

	@Override
	public HttpClient.Version version() {
		return HttpClient.Version.HTTP_1_1;
	}

}
