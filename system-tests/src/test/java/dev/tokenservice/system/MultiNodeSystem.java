package dev.tokenservice.system;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import dev.tokenservice.testsupport.PostgresTestDatabase;

/**
 * Two auth-server nodes on one PostgreSQL schema, which must behave as one server, and two resource
 * servers, the first fetching the JWKS from node 1, the second from node 2. Key intervals and JWKS
 * caches are seconds instead of minutes, so that rotations happen within a test.
 */
final class MultiNodeSystem implements AutoCloseable {

	static final String ADMIN_EMAIL = "keys-admin@example.com";

	static final String ADMIN_PASSWORD = "violet harbour cranes lift slow pianos";

	/** How long the resource servers use a fetched JWKS. */
	static final Duration JWKS_CACHE_TTL = Duration.ofSeconds(2);

	private final Map<String, String> authEnvironment;

	private final Path data;

	private final List<ServerProcess> nodes;

	private final List<ServerProcess> resourceServers;

	private MultiNodeSystem(Map<String, String> authEnvironment, Path data, List<ServerProcess> nodes,
			List<ServerProcess> resourceServers) {
		this.authEnvironment = authEnvironment;
		this.data = data;
		this.nodes = nodes;
		this.resourceServers = resourceServers;
	}

	/** Starts the four servers on a fresh {@code schema}, all at once: JVM startup is the slow part. */
	static MultiNodeSystem start(String schema, Path data) {
		List<Integer> ports = distinctFreePorts(4);
		String issuer = "http://localhost:" + ports.get(0);
		Map<String, String> auth = new HashMap<>();
		// one issuer and one key-encryption key: the nodes are one server to every client
		auth.put("APP_ISSUER_URI", issuer);
		auth.put("APP_KEYS_KEK", randomKek());
		auth.put("SPRING_DATASOURCE_URL", PostgresTestDatabase.freshSchema(schema));
		auth.put("SPRING_DATASOURCE_USERNAME", PostgresTestDatabase.user());
		auth.put("SPRING_DATASOURCE_PASSWORD", PostgresTestDatabase.password());
		auth.put("APP_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
		auth.put("APP_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
		// a next key may sign 4s after its creation; nodes re-read the ring every second; no scheduled rotation
		auth.put("APP_KEYS_PUBLISHLEAD", "4s");
		auth.put("APP_KEYS_SYNCINTERVAL", "1s");
		auth.put("APP_KEYS_ROTATIONPERIOD", "0");
		auth.put("APP_TOKENS_CLOCKSKEW", "1s");
		// long enough that a token of the first key is still unexpired when that key is revoked
		auth.put("APP_TOKENS_ACCESSTOKENTIMETOLIVE", "2m");
		// a block outlasts the test's next attempts even on a slow machine (the default first delay is 1s)
		auth.put("APP_LOGINTHROTTLE_FIRSTDELAY", "1m");
		Map<String, String> node1 = withEntry(auth, "APP_STORAGE_DATADIR", data.resolve("node1").toString());
		Map<String, String> node2 = withEntry(auth, "APP_STORAGE_DATADIR", data.resolve("node2").toString());
		List<Supplier<ServerProcess>> servers = List.of(
				() -> ServerProcess.start("auth-server-node1", "authServerJar", ports.get(0), node1),
				() -> ServerProcess.start("auth-server-node2", "authServerJar", ports.get(1), node2),
				() -> ServerProcess.start("resource-server-1", "resourceServerJar", ports.get(2),
						resourceServer(issuer, "http://localhost:" + ports.get(0), data.resolve("people1"))),
				() -> ServerProcess.start("resource-server-2", "resourceServerJar", ports.get(3),
						resourceServer(issuer, "http://localhost:" + ports.get(1), data.resolve("people2"))));
		List<ServerProcess> started = startAll(servers);
		return new MultiNodeSystem(Map.copyOf(auth), data, started.subList(0, 2), started.subList(2, 4));
	}

	List<String> nodeUrls() {
		return this.nodes.stream().map(ServerProcess::url).toList();
	}

	List<String> resourceServerUrls() {
		return this.resourceServers.stream().map(ServerProcess::url).toList();
	}

	/** {@code java -jar auth-server.jar keys ...} with the nodes' database and key settings, no port. */
	ServerProcess.CommandResult keysCommand(String... arguments) {
		List<String> command = new ArrayList<>(List.of("keys"));
		command.addAll(List.of(arguments));
		return ServerProcess.runCommand("auth-server-cli", "authServerJar",
				withEntry(this.authEnvironment, "APP_STORAGE_DATADIR", this.data.resolve("cli").toString()),
				Duration.ofSeconds(60), command.toArray(String[]::new));
	}

	@Override
	public void close() {
		this.resourceServers.forEach(ServerProcess::close);
		this.nodes.forEach(ServerProcess::close);
	}

	private static Map<String, String> resourceServer(String issuer, String node, Path data) {
		return Map.of("APP_ISSUER_URI", issuer, "APP_ISSUER_JWKSETURI", node + "/oauth2/jwks",
				"APP_ISSUER_JWKSCACHETTL", JWKS_CACHE_TTL.toMillis() + "ms", "APP_ISSUER_JWKSREFETCHMININTERVAL", "1s",
				"APP_TOKENS_CLOCKSKEW", "1s",
				// accepted tokens are kept no longer than the JWKS, so a revoked key counts within its TTL
				"APP_TOKENS_VERIFIEDCACHETTL", JWKS_CACHE_TTL.toMillis() + "ms", "SPRING_DATASOURCE_URL",
				"jdbc:h2:file:" + data.resolve("people") + ";MODE=PostgreSQL");
	}

	/** Starts every server in parallel; if one fails, stops the others and reports all failures. */
	static List<ServerProcess> startAll(List<Supplier<ServerProcess>> servers) {
		ExecutorService executor = Executors.newFixedThreadPool(servers.size());
		try {
			List<CompletableFuture<ServerProcess>> starting = servers.stream()
				.map((server) -> CompletableFuture.supplyAsync(server, executor))
				.toList();
			List<ServerProcess> started = new ArrayList<>();
			IllegalStateException failure = null;
			for (CompletableFuture<ServerProcess> server : starting) {
				try {
					started.add(server.join());
				}
				catch (CompletionException ex) {
					failure = (failure != null) ? failure : new IllegalStateException("A server did not start");
					failure.addSuppressed(ex.getCause());
				}
			}
			if (failure != null) {
				started.forEach(ServerProcess::close);
				throw failure;
			}
			return started;
		}
		finally {
			executor.shutdown();
		}
	}

	static List<Integer> distinctFreePorts(int count) {
		Set<Integer> ports = new LinkedHashSet<>();
		for (int attempt = 0; ports.size() < count && attempt < 100; attempt++) {
			ports.add(ServerProcess.freePort());
		}
		return List.copyOf(ports);
	}

	private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
		Map<String, String> copy = new HashMap<>(map);
		copy.put(key, value);
		return copy;
	}

	static String randomKek() {
		byte[] kek = new byte[32];
		new SecureRandom().nextBytes(kek);
		return Base64.getEncoder().encodeToString(kek);
	}

}
