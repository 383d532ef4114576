package dev.tokenservice.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients cannot starve either server: 200 connections that send their headers and a few bytes of
 * the body, then nothing (as many as Tomcat has platform threads), while JWKS, token, login and the people
 * API are called normally.
 * <p>
 * The servers run on the Temurin 25 JDK where the machine has it ({@link ServerProcess#newestJava()}):
 * from Java 21 on, requests are served by virtual threads ({@code spring.threads.virtual.enabled}), a
 * stalled body read parks a virtual thread and holds no platform thread, so normal requests are answered
 * at once. On Java 17 the setting does nothing: the 200 platform threads are held until
 * {@code server.tomcat.connection-timeout} (5 s) has ended each stalled read and the draining of its body,
 * so normal requests wait about twice that long in the queue; this test then asserts that bound instead. Either way every slow connection is
 * answered or closed after the timeout.
 */
class SlowClientsSystemTests {

	private static final int SLOW_CONNECTIONS = 200;

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

	private static final String ADMIN_EMAIL = "admin@example.com";

	private static final String ADMIN_PASSWORD = "slow loris waits at the gate";

	private static final String CLIENT_SECRET = "reporting-service-secret-0123456789";

	private static final ServerProcess.JavaBinary JAVA = ServerProcess.newestJava();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	static Path data;

	static ServerProcess authServer;

	static ServerProcess resourceServer;

	@BeforeAll
	static void startServers() {
		int authPort = ServerProcess.freePort();
		String issuer = "http://localhost:" + authPort;
		authServer = ServerProcess.start("auth-server", "authServerJar", authPort,
				Map.of("APP_ISSUER_URI", issuer, "APP_STORAGE_DATADIR", data.resolve("auth").toString(),
						"APP_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL, "APP_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
						"APP_CLIENTS_0_CLIENTID", "reporting-service", "APP_CLIENTS_0_CLIENTSECRET", CLIENT_SECRET,
						"APP_CLIENTS_0_SCOPES", "people:read", "APP_CLIENTS_0_AUDIENCES", "people-api",
						"APP_CLIENTS_0_AUTHENTICATIONMETHODS", "client_secret_basic"),
				JAVA.path(), null);
		resourceServer = ServerProcess.start("resource-server", "resourceServerJar", ServerProcess.freePort(),
				Map.of("APP_ISSUER_URI", issuer, "SPRING_DATASOURCE_URL",
						"jdbc:h2:file:" + data.resolve("people").resolve("people") + ";MODE=PostgreSQL"),
				JAVA.path(), null);
	}

	@AfterAll
	static void stopServers() {
		ServerProcess.stopAll(resourceServer, authServer);
	}

	@Test
	void authServerAnswersWhileSlowBodiesAreConnected() throws Exception {
		String login = "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}";
		try (SlowClients slow = SlowClients.open(authServer.port(), "POST", "/api/auth/login",
				"application/json", null, login)) {
			answeredInTime("JWKS", () -> get(authServer.url() + "/oauth2/jwks", null));
			answeredInTime("token", () -> post(authServer.url() + "/oauth2/token",
					"application/x-www-form-urlencoded", "grant_type=client_credentials",
					TestHttp.basic("reporting-service", CLIENT_SECRET)));
			answeredInTime("login", () -> post(authServer.url() + "/api/auth/login", "application/json", login, null));
			slow.assertAllAnsweredOrClosed();
		}
	}

	@Test
	void resourceServerAnswersWhileSlowBodiesAreConnected() throws Exception {
		String token = (String) json(TestHttp.absolute()
			.jsonObject("POST", authServer.url() + "/api/auth/login",
					Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD, "refresh_token_delivery", "body")))
			.get("access_token");
		String person = "{\"firstName\":\"Slow\",\"lastName\":\"Loris\",\"email\":\"slow@example.com\"}";
		try (SlowClients slow = SlowClients.open(resourceServer.port(), "POST", "/api/people", "application/json",
				"Bearer " + token, person)) {
			for (int i = 0; i < 3; i++) {
				answeredInTime("GET people", () -> get(resourceServer.url() + "/api/people", "Bearer " + token));
			}
			slow.assertAllAnsweredOrClosed();
		}
	}

	/**
	 * Within a couple of seconds on Java 21+. On Java 17 a thread comes free only when a stalled read has
	 * timed out and Tomcat's attempt to drain the rest of that body has timed out too: twice the connection
	 * timeout (measured 9.4-10.2 s), plus that margin.
	 */
	private static void answeredInTime(String what, Callable<HttpResponse<String>> call) throws Exception {
		Duration bound = JAVA.hasVirtualThreads() ? Duration.ofSeconds(2)
				: CONNECTION_TIMEOUT.multipliedBy(2).plusSeconds(3);
		long start = System.nanoTime();
		HttpResponse<String> response = call.call();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.printf("%s on Java %d with %d slow connections: %d in %d ms%n", what, JAVA.feature(),
				SLOW_CONNECTIONS, response.statusCode(), took.toMillis());
		assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(200);
		assertThat(took).as(what + " answered on Java " + JAVA.feature()).isLessThan(bound);
	}

	private static HttpResponse<String> get(String url, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(String url, String contentType, String body, String authorization)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Loopback connections that announce a body, send its first bytes and then stall. */
	private static final class SlowClients implements AutoCloseable {

		private final List<Socket> sockets;

		private SlowClients(List<Socket> sockets) {
			this.sockets = sockets;
		}

		static SlowClients open(int port, String method, String path, String contentType, String authorization,
				String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
					+ "\r\nContent-Length: " + bytes.length + "\r\n"
					+ ((authorization != null) ? "Authorization: " + authorization + "\r\n" : "") + "\r\n";
			List<Socket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < SLOW_CONNECTIONS; i++) {
					Socket socket = new Socket();
					sockets.add(socket);
					socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
					OutputStream out = socket.getOutputStream();
					out.write(head.getBytes(StandardCharsets.US_ASCII));
					out.write(bytes, 0, 5);
					out.flush();
				}
				// let the server take them all up before the normal requests come
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (IOException ex) {
				new SlowClients(sockets).close();
				throw ex;
			}
			return new SlowClients(sockets);
		}

		/** Each connection gets a response or is closed by the server once it has waited long enough. */
		void assertAllAnsweredOrClosed() throws IOException {
			long deadline = System.nanoTime() + CONNECTION_TIMEOUT.multipliedBy(2).plusSeconds(10).toNanos();
			int answered = 0;
			int closed = 0;
			for (Socket socket : this.sockets) {
				long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
				socket.setSoTimeout((int) left);
				InputStream in = socket.getInputStream();
				try {
					int first = in.read();
					if (first == -1) {
						closed++;
					}
					else {
						answered++;
					}
				}
				catch (SocketTimeoutException ex) {
					throw new AssertionError("A slow connection was still open " + CONNECTION_TIMEOUT.multipliedBy(2).plusSeconds(10)
							+ " after the test began waiting (" + answered + " answered, " + closed + " closed)");
				}
				catch (IOException ex) {
					closed++; // reset by the server
				}
			}
			System.out.printf("slow connections: %d answered, %d closed%n", answered, closed);
			assertThat(answered + closed).isEqualTo(SLOW_CONNECTIONS);
		}

		@Override
		public void close() {
			for (Socket socket : this.sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		}

	}

}
