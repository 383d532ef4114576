package dev.tokenservice.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The built web app ({@code web-app/dist}) served by Vite's preview server, with the same command as
 * {@code ./run.sh}: its runtime configuration ({@code /config.json}) and security headers come from the
 * {@code WEBAPP_*} environment. Output goes to a log under target/ beside the servers' logs.
 */
final class WebAppPreview implements AutoCloseable {

	private final NodeProcess process;

	private WebAppPreview(NodeProcess process) {
		this.process = process;
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
		return new WebAppPreview(NodeProcess.start("web-app", directory(),
				List.of("node_modules/vite/bin/vite.js", "preview", "--host", "127.0.0.1", "--port",
						String.valueOf(port), "--strictPort"),
				Map.of("WEBAPP_ISSUER", issuer, "WEBAPP_API_URL", apiUrl, "WEBAPP_CLIENT_ID", clientId), port,
				"/config.json", Duration.ofSeconds(60)));
	}

	/** Where a browser opens the app: {@code localhost}, the origin registered for the client. */
	String url() {
		return "http://localhost:" + this.process.port();
	}

	int port() {
		return this.process.port();
	}

	@Override
	public void close() {
		this.process.close();
	}

}
