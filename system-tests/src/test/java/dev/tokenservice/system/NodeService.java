package dev.tokenservice.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The example Node service ({@code examples/node-service}, installed by {@code npm ci} in its Maven module)
 * running as its own process, configured by environment variables as its README says. Output goes to a
 * log under target/ beside the servers' logs.
 */
final class NodeService implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final AtomicInteger STARTED = new AtomicInteger();

	private final Process process;

	private final int port;

	private final Path log;

	private NodeService(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** The module's folder, as Maven passes it ({@code -DnodeServiceDir}). */
	static Path directory() {
		Path dir = Path.of(System.getProperty("nodeServiceDir", "../examples/node-service")).toAbsolutePath()
			.normalize();
		if (!Files.isRegularFile(dir.resolve("node_modules/jose/package.json"))) {
			throw new IllegalStateException("No installed node service at " + dir
					+ " (node_modules/jose missing): install it first (./mvnw -B -q -o -pl examples/node-service initialize)");
		}
		return dir;
	}

	/** Starts {@code node src/server.js} on a free port with {@code environment}; waits until it answers. */
	static NodeService start(Map<String, String> environment) {
		Path dir = directory();
		int port = ServerProcess.freePort();
		try {
			Path log = Files.createDirectories(Path.of("target", "server-logs"))
				.resolve("node-service-" + STARTED.incrementAndGet() + "-" + port + ".log");
			ProcessBuilder builder = new ProcessBuilder(List.of("node", "src/server.js")).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> env = new HashMap<>(environment);
			env.put("PORT", String.valueOf(port));
			builder.environment().putAll(env);
			NodeService service = new NodeService(builder.start(), port, log);
			try {
				service.awaitReady();
			}
			catch (RuntimeException ex) {
				service.close();
				throw ex;
			}
			return service;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the node service (is node on the PATH?)", ex);
		}
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	String logText() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** How many times the service has fetched the issuer's JWKS, as its {@code /health} reports. */
	long jwksFetches() {
		HttpResponse<String> health = health();
		if (health.statusCode() != 200) {
			throw new AssertionError("GET /health: " + health.statusCode() + " " + health.body());
		}
		return ((Number) dev.tokenservice.testsupport.TestHttp.json(health).get("jwksFetches")).longValue();
	}

	private HttpResponse<String> health() {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/health"))
				.timeout(Duration.ofSeconds(2))
				.build();
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitReady() {
		await("node service ready on port " + this.port).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptionsInstanceOf(IllegalStateException.class)
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("The node service exited with " + this.process.exitValue()
							+ "; its log:\n" + logText());
				}
				return health().statusCode() == 200;
			});
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
