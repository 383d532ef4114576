package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tokenservice.testsupport.TestHttp;

/**
 * The example Node service ({@code examples/node-service}, installed by {@code npm ci} in its Maven module)
 * running as its own process, configured by environment variables as its README says. Output goes to a
 * log under target/ beside the servers' logs.
 */
final class NodeService implements AutoCloseable {

	private final NodeProcess process;

	private NodeService(NodeProcess process) {
		this.process = process;
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
		int port = ServerProcess.freePort();
		Map<String, String> env = new HashMap<>(environment);
		env.put("PORT", String.valueOf(port));
		return new NodeService(NodeProcess.start("node-service", directory(), List.of("src/server.js"), env, port,
				"/health", Duration.ofSeconds(30)));
	}

	String url() {
		return "http://localhost:" + this.process.port();
	}

	String logText() {
		return this.process.logText();
	}

	/** How many times the service has fetched the issuer's JWKS, as its {@code /health} reports. */
	long jwksFetches() {
		HttpResponse<String> health = this.process.get("/health");
		if (health.statusCode() != 200) {
			throw new AssertionError("GET /health: " + health.statusCode() + " " + health.body());
		}
		return ((Number) TestHttp.json(health).get("jwksFetches")).longValue();
	}

	@Override
	public void close() {
		this.process.close();
	}

}
