package dev.tokenservice.system;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * One server jar running as its own JVM, as in production: own port, own configuration through
 * environment variables, output in a log file under target/ for post-mortems.
 */
final class ServerProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final AtomicInteger COMMANDS = new AtomicInteger();

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private ServerProcess(String name, Process process, int port, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts {@code jarProperty}'s jar on {@code port} with {@code environment}; waits until it is ready. */
	static ServerProcess start(String name, String jarProperty, int port, Map<String, String> environment) {
		return start(name, jarProperty, port, environment, javaBinary(), null);
	}

	/**
	 * The resource server (the people API) on a free port, trusting {@code issuer}, its H2 file database in
	 * {@code dataDir}; {@code environment} adds to or overrides those settings.
	 */
	static ServerProcess startResourceServer(String name, String issuer, Path dataDir,
			Map<String, String> environment) {
		Map<String, String> settings = new HashMap<>(Map.of("APP_ISSUER_URI", issuer, "SPRING_DATASOURCE_URL",
				"jdbc:h2:file:" + dataDir.resolve("people") + ";MODE=PostgreSQL"));
		settings.putAll(environment);
		return start(name, "resourceServerJar", freePort(), settings);
	}

	/**
	 * As {@link #start(String, String, int, Map)}, on the {@code java} binary given (see
	 * {@link #newestJava()}) and, unless {@code jvmOptions} is null, with the JVM flags of a module's
	 * {@code jvm.options} (relative to the repository root) as production starts it.
	 */
	static ServerProcess start(String name, String jarProperty, int port, Map<String, String> environment,
			String java, String jvmOptions) {
		try {
			Path log = logs().resolve(name + "-" + port + ".log");
			List<String> command = javaCommand(java, name, jarProperty, "--server.port=" + port);
			if (jvmOptions != null) {
				Path options = Path.of("..").resolve(jvmOptions).toAbsolutePath().normalize();
				if (!Files.isRegularFile(options)) {
					throw new IllegalStateException("No JVM options at " + options);
				}
				// in place of the test defaults (heap, tiered compilation)
				command = new ArrayList<>(command);
				command.subList(1, 3).clear();
				command.add(1, "@" + options);
			}
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			ServerProcess server = new ServerProcess(name, builder.start(), port, log);
			try {
				server.awaitReady();
			}
			catch (RuntimeException ex) {
				// a server that never became ready must not outlive the test run
				server.close();
				throw ex;
			}
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + name, ex);
		}
	}

	/**
	 * Runs {@code jarProperty}'s jar once as a command line tool ({@code arguments}, no port), as an
	 * operator would; waits at most {@code timeout} for it to exit. Its stdout is the result, its stderr
	 * goes to a log file under target/ beside the servers' logs.
	 */
	static CommandResult runCommand(String name, String jarProperty, Map<String, String> environment,
			Duration timeout, String... arguments) {
		Path logs = logs();
		String run = name + "-" + COMMANDS.incrementAndGet();
		Path output = logs.resolve(run + ".out");
		Path log = logs.resolve(run + ".log");
		ProcessBuilder builder = new ProcessBuilder(javaCommand(javaBinary(), name, jarProperty, arguments))
			.redirectOutput(output.toFile())
			.redirectError(log.toFile());
		builder.environment().putAll(environment);
		Process process = null;
		try {
			process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(run + " did not exit within " + timeout + "; see " + log);
			}
			return new CommandResult(process.exitValue(), Files.readString(output), Files.readString(log));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + run, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(run + " interrupted", ex);
		}
		finally {
			if (process != null && process.isAlive()) {
				process.destroyForcibly();
			}
		}
	}

	/** What a command printed on stdout and stderr, and how it exited. */
	record CommandResult(int exitCode, String output, String log) {

	}

	int port() {
		return this.port;
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

	private void awaitReady() {
		await(this.name + " ready on port " + this.port).atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
							+ "; its log:\n" + logText());
				}
				return readinessStatus() == 200;
			});
	}

	private int readinessStatus() {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
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

	/** Stops each server that was started, in the order given (e.g. the resource server first). */
	static void stopAll(ServerProcess... servers) {
		for (ServerProcess server : servers) {
			if (server != null) {
				server.close();
			}
		}
	}

	/** Sends SIGTERM (on Linux), as an orchestrator stopping the node does; does not wait. */
	void terminate() {
		this.process.destroy();
	}

	/** The exit code once the process has exited, or empty if it is still running after {@code timeout}. */
	OptionalInt awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
				? OptionalInt.of(this.process.exitValue()) : OptionalInt.empty();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static List<String> javaCommand(String java, String name, String jarProperty, String... arguments) {
		Path jar = Path.of(System.getProperty(jarProperty, "missing-" + jarProperty));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(name + " jar not found at " + jar + "; run through Maven (verify)");
		}
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
				jar.toString()));
		command.addAll(List.of(arguments));
		return command;
	}

	private static Path logs() {
		try {
			return Files.createDirectories(Path.of("target", "server-logs"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The test JVM's own {@code java}. */
	static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * What the servers are meant to run on: the Temurin 25 JDK where the machine has it (virtual threads
	 * serve Tomcat's requests from Java 21 on), else the test JVM's own java. {@code -DserverJava=...}
	 * chooses another binary (e.g. a Java 17 one, to see what it gets).
	 */
	static JavaBinary newestJava() {
		String chosen = System.getProperty("serverJava");
		if (chosen != null && !chosen.isBlank()) {
			return new JavaBinary(chosen, featureVersion(chosen));
		}
		Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
		if (Files.isExecutable(temurin25)) {
			return new JavaBinary(temurin25.toString(), 25);
		}
		return new JavaBinary(javaBinary(), Runtime.version().feature());
	}

	/** A {@code java} binary and its feature release (17, 21, 25). */
	record JavaBinary(String path, int feature) {

		boolean hasVirtualThreads() {
			return this.feature >= 21;
		}

	}

	private static int featureVersion(String java) {
		try {
			Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			process.waitFor(10, TimeUnit.SECONDS);
			Matcher version = Pattern.compile("version \"(\\d+)").matcher(output);
			if (!version.find()) {
				throw new IllegalStateException("No version in " + java + " -version: " + output);
			}
			return Integer.parseInt(version.group(1));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + java, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A port free right now (the server binds it moments later; a clash would fail loudly). */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
