package dev.tokenservice.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The built web app ({@code web-app/dist}) served by Vite's preview server, with the same command as
 * {@code ./run.sh}: its runtime configuration ({@code /config.json}) and security headers come from the
 * {@code WEBAPP_*} environment. Output goes to a log under target/ beside the servers' logs.
 */
final class WebAppPreview implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final int port;

	private final Path log;

	private WebAppPreview(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** The web-app module's folder, as Maven passes it ({@code -DwebAppDir}). */
	static Path directory() {
		Path dir = Path.of(System.getProperty("webAppDir", "../web-app")).toAbsolutePath().normalize();
		if (!Files.isRegularFile(dir.resolve("node_modules/vite/bin/vite.js"))) {
			throw new IllegalStateException("No installed web app at " + dir
					+ " (node_modules/vite missing): build it first (./mvnw -B -q -o -DskipTests package)");
		}
		if (!Files.isRegularFile(dir.resolve("dist/index.html"))) {
			throw new IllegalStateException("No built web app at " + dir.resolve("dist")
					+ ": build it first (./mvnw -B -q -o -DskipTests package)");
		}
		return dir;
	}

	/** Serves the app on {@code port} for {@code issuer}, {@code apiUrl} and {@code clientId}; waits until ready. */
	static WebAppPreview start(int port, String issuer, String apiUrl, String clientId) {
		Path dir = directory();
		try {
			Path log = Files.createDirectories(Path.of("target", "server-logs")).resolve("web-app-" + port + ".log");
			ProcessBuilder builder = new ProcessBuilder(List.of("node", "node_modules/vite/bin/vite.js", "preview",
					"--host", "127.0.0.1", "--port", String.valueOf(port), "--strictPort"))
				.directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment()
				.putAll(Map.of("WEBAPP_ISSUER", issuer, "WEBAPP_API_URL", apiUrl, "WEBAPP_CLIENT_ID", clientId));
			WebAppPreview preview = new WebAppPreview(builder.start(), port, log);
			try {
				preview.awaitReady();
			}
			catch (RuntimeException ex) {
				preview.close();
				throw ex;
			}
			return preview;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the web app's preview server (is node on the PATH?)", ex);
		}
	}

	/** Where a browser opens the app: {@code localhost}, the origin registered for the client. */
	String url() {
		return "http://localhost:" + this.port;
	}

	int port() {
		return this.port;
	}

	private void awaitReady() {
		await("web app preview ready on port " + this.port).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The web app's preview server exited with "
							+ this.process.exitValue() + "; its log:\n" + Files.readString(this.log));
				}
				return configStatus() == 200;
			});
	}

	private int configStatus() {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/config.json"))
				.timeout(Duration.ofSeconds(2))
				.build();
			return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	@Override
	public void close() {
		// node may have started helpers of its own: none may outlive the tests
		List<ProcessHandle> descendants = this.process.descendants().toList();
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
		descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

}
