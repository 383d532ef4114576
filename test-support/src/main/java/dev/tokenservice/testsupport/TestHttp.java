package dev.tokenservice.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Real HTTP calls to a server under test with the JDK's client, as a front end or a backend service
 * would make them: no Spring in the way. Paths are relative to the base URL; with {@link #absolute()}
 * every call names its full URL (a test that talks to several nodes).
 */
public final class TestHttp {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private TestHttp(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** Calls to {@code http://localhost:port}. */
	public static TestHttp localhost(int port) {
		return new TestHttp("http://localhost:" + port);
	}

	/** Calls to {@code baseUrl}, e.g. one node of several. */
	public static TestHttp to(String baseUrl) {
		return new TestHttp(baseUrl);
	}

	/** Calls whose paths are full URLs. */
	public static TestHttp absolute() {
		return new TestHttp("");
	}

	public String url(String path) {
		return this.baseUrl + path;
	}

	/** A GET; {@code headers} are name, value pairs. */
	public HttpResponse<String> get(String path, String... headers) {
		return json("GET", path, null, headers);
	}

	/** A request with an optional JSON body; {@code headers} are name, value pairs (Cookie, Origin...). */
	public HttpResponse<String> json(String method, String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofSeconds(30))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	/** A request whose JSON body is {@code body}, serialized by Nimbus's JSON writer. */
	public HttpResponse<String> jsonObject(String method, String path, Map<String, ?> body, String... headers) {
		return json(method, path, (body != null) ? JSONObjectUtils.toJSONString(object(body)) : null, headers);
	}

	public HttpResponse<String> postForm(String path, Map<String, String> form, String basicUser,
			String basicPassword) {
		return postBody(path, "application/x-www-form-urlencoded", formBody(form), basicUser, basicPassword);
	}

	public HttpResponse<String> postBody(String path, String contentType, String body, String basicUser,
			String basicPassword) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (basicUser != null) {
			request.header("Authorization", basic(basicUser, basicPassword));
		}
		return send(request.build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Like {@link #send}, but an upload the server cut short is the caller's to judge. */
	public HttpResponse<String> sendOrThrow(HttpRequest request) throws IOException {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The {@code Authorization} header pair for a Bearer token, or none for {@code null}. */
	public static String[] bearer(String token) {
		return (token != null) ? new String[] { "Authorization", "Bearer " + token } : new String[0];
	}

	/** A response's body as a JSON object; an assertion error (with the status) when it is not one. */
	public static Map<String, Object> json(HttpResponse<String> response) {
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON object (status " + response.statusCode() + "): " + response.body(),
					ex);
		}
	}

	public static Map<String, String> form(String... namesAndValues) {
		Map<String, String> form = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return form;
	}

	public static String formBody(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
	}

	public static String basic(String user, String password) {
		// RFC 6749 §2.3.1: both parts form-urlencoded before base64
		String credentials = encode(user) + ":" + encode(password);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Map<String, ?> body) {
		return (Map<String, Object>) body;
	}

}
