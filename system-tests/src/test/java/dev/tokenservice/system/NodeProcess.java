package dev.tokenservice.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A Node.js program of this repository (the web app's preview server, the example service) running as
 * its own process on a port of ours, its output in a log under target/ beside the servers' logs. Ready
 * once a GET of its ready path answers 200; a process that exits first fails with its log.
 */
final class NodeProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final AtomicInteger STARTED = new AtomicInteger();

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private NodeProcess(String name, Process process, int port, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Runs {@code node arguments...} in {@code directory} with {@code environment} added, and waits up to
	 * {@code timeout} until {@code GET http://127.0.0.1:port + readyPath} answers 200.
	 */
	static NodeProcess start(String name, Path directory, List<String> arguments, Map<String, String> environment,
			int port, String readyPath, Duration timeout) {
		try {
			Path log = Files.createDirectories(Path.of("target", "server-logs"))
				.resolve(name + "-" + STARTED.incrementAndGet() + "-" + port + ".log");
			List<String> command = new ArrayList<>(List.of("node"));
			command.addAll(arguments);
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(new HashMap<>(environment));
			NodeProcess started = new NodeProcess(name, builder.start(), port, log);
			try {
				started.awaitReady(readyPath, timeout);
			}
			catch (RuntimeException ex) {
				started.close();
				throw ex;
			}
			return started;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + name + " (is node on the PATH?)", ex);
		}
	}

	int port() {
		return this.port;
	}

	String logText() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code GET http://127.0.0.1:port + path}; an {@link IllegalStateException} when it cannot connect. */
	HttpResponse<String> get(String path) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
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

	private void awaitReady(String readyPath, Duration timeout) {
		await(this.name + " ready on port " + this.port).atMost(timeout)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptionsInstanceOf(IllegalStateException.class)
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError(this.name + " exited with " + this.process.exitValue() + "; its log:\n"
							+ logText());
				}
				return get(readyPath).statusCode() == 200;
			});
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
