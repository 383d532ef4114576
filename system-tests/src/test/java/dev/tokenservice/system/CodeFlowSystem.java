package dev.tokenservice.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.tokenservice.system.relyingparty.RelyingParty;
import dev.tokenservice.system.relyingparty.RelyingPartyApplication;
import dev.tokenservice.testsupport.PostgresTestDatabase;

/**
 * The real auth-server jar (one node on the embedded H2 default, or several nodes on one PostgreSQL
 * schema), the real resource-server jar, and the in-process {@link RelyingPartyApplication}, with three
 * clients registered through environment variables only, as an operator would:
 * <ul>
 * <li>{@value #PUBLIC_CLIENT}: the relying party's public client ({@code none}), third-party, so
 * consent is asked;</li>
 * <li>{@value #WEB_CLIENT}: the relying party's confidential client ({@code client_secret_basic}),
 * first-party, no consent;</li>
 * <li>{@value #NATIVE_CLIENT}: a public client with a loopback redirect URI, played by the Nimbus SDK,
 * whose redirects the test's browser catches.</li>
 * </ul>
 */
final class CodeFlowSystem implements AutoCloseable {

	static final String ADMIN_EMAIL = "code-flow-admin@example.com";

	static final String ADMIN_PASSWORD = "marble owls debate in quiet libraries";

	static final String PUBLIC_CLIENT = "rp-public";

	static final String WEB_CLIENT = "rp-web";

	static final String WEB_CLIENT_SECRET = "rp-web-secret-0123456789abcdef";

	static final String NATIVE_CLIENT = "native-app";

	private static final String SCOPES = "openid,email,roles,people:read";

	private final List<ServerProcess> nodes;

	private final ServerProcess resourceServer;

	private final RelyingParty relyingParty;

	private final String nativeRedirectUri;

	private CodeFlowSystem(List<ServerProcess> nodes, ServerProcess resourceServer, RelyingParty relyingParty,
			String nativeRedirectUri) {
		this.nodes = nodes;
		this.resourceServer = resourceServer;
		this.relyingParty = relyingParty;
		this.nativeRedirectUri = nativeRedirectUri;
	}

	/** One auth-server node on its embedded H2 database under {@code data}. */
	static CodeFlowSystem onH2(Path data) {
		return start(1, data, Map.of());
	}

	/** {@code nodes} auth-server nodes on a fresh PostgreSQL {@code schema}, one issuer and one KEK. */
	static CodeFlowSystem onPostgres(String schema, int nodes, Path data) {
		return start(nodes, data,
				Map.of("SPRING_DATASOURCE_URL", PostgresTestDatabase.freshSchema(schema), "SPRING_DATASOURCE_USERNAME",
						PostgresTestDatabase.user(), "SPRING_DATASOURCE_PASSWORD", PostgresTestDatabase.password(),
						"APP_KEYS_KEK", MultiNodeSystem.randomKek()));
	}

	private static CodeFlowSystem start(int nodeCount, Path data, Map<String, String> database) {
		List<Integer> ports = MultiNodeSystem.distinctFreePorts(nodeCount + 3);
		int relyingPartyPort = ports.get(nodeCount + 1);
		String relyingParty = "http://127.0.0.1:" + relyingPartyPort;
		// a loopback redirect URI where nothing listens: the test's browser catches it
		String nativeRedirectUri = "http://127.0.0.1:" + ports.get(nodeCount + 2) + "/callback";
		String issuer = "http://localhost:" + ports.get(0);
		Map<String, String> auth = new HashMap<>(database);
		auth.put("APP_ISSUER_URI", issuer);
		auth.put("APP_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
		auth.put("APP_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
		// any replay of a consumed refresh token revokes its family (the default, stated for the reader)
		auth.put("APP_REFRESH_REUSELEEWAY", "0s");
		client(auth, 0, PUBLIC_CLIENT, null, "none", true,
				relyingParty + "/login/oauth2/code/" + RelyingPartyApplication.PUBLIC, relyingParty + "/");
		client(auth, 1, WEB_CLIENT, WEB_CLIENT_SECRET, "client_secret_basic", false,
				relyingParty + "/login/oauth2/code/" + RelyingPartyApplication.WEB, relyingParty + "/");
		client(auth, 2, NATIVE_CLIENT, null, "none", false, nativeRedirectUri, null);
		List<Supplier<ServerProcess>> servers = new ArrayList<>();
		for (int node = 0; node < nodeCount; node++) {
			Map<String, String> environment = new HashMap<>(auth);
			environment.put("APP_STORAGE_DATADIR", data.resolve("auth" + node).toString());
			String name = (nodeCount == 1) ? "auth-server-code-flow" : "auth-server-code-flow-node" + (node + 1);
			int port = ports.get(node);
			servers.add(() -> ServerProcess.start(name, "authServerJar", port, environment));
		}
		servers.add(() -> ServerProcess.start("resource-server-code-flow", "resourceServerJar", ports.get(nodeCount),
				Map.of("APP_ISSUER_URI", issuer, "SPRING_DATASOURCE_URL",
						"jdbc:h2:file:" + data.resolve("people").resolve("people") + ";MODE=PostgreSQL")));
		List<ServerProcess> started = MultiNodeSystem.startAll(servers);
		ServerProcess resourceServer = started.get(nodeCount);
		try {
			RelyingParty app = RelyingPartyApplication.start(relyingPartyPort, issuer, resourceServer.url(),
					new RelyingPartyApplication.ClientIds(PUBLIC_CLIENT, WEB_CLIENT, WEB_CLIENT_SECRET));
			return new CodeFlowSystem(started.subList(0, nodeCount), resourceServer, app, nativeRedirectUri);
		}
		catch (RuntimeException ex) {
			started.forEach(ServerProcess::close);
			throw ex;
		}
	}

	/** {@code APP_CLIENTS_<i>_*}: a client of the authorization-code flow. */
	private static void client(Map<String, String> environment, int index, String clientId, String secret,
			String method, boolean requireConsent, String redirectUri, String postLogoutRedirectUri) {
		String prefix = "APP_CLIENTS_" + index + "_";
		environment.put(prefix + "CLIENTID", clientId);
		if (secret != null) {
			environment.put(prefix + "CLIENTSECRET", secret);
		}
		environment.put(prefix + "AUTHENTICATIONMETHODS", method);
		environment.put(prefix + "GRANTTYPES", "authorization_code,refresh_token");
		environment.put(prefix + "SCOPES", SCOPES);
		environment.put(prefix + "AUDIENCES", "people-api");
		environment.put(prefix + "REQUIRECONSENT", String.valueOf(requireConsent));
		environment.put(prefix + "REDIRECTURIS_0", redirectUri);
		if (postLogoutRedirectUri != null) {
			environment.put(prefix + "POSTLOGOUTREDIRECTURIS_0", postLogoutRedirectUri);
		}
	}

	/** The issuer, which is also the first node's URL. */
	String issuer() {
		return this.nodes.get(0).url();
	}

	List<String> nodeUrls() {
		return this.nodes.stream().map(ServerProcess::url).toList();
	}

	String resourceServerUrl() {
		return this.resourceServer.url();
	}

	RelyingParty relyingParty() {
		return this.relyingParty;
	}

	String nativeRedirectUri() {
		return this.nativeRedirectUri;
	}

	/** The Nimbus-played native app, its endpoints from the issuer's discovery document. */
	OidcClient nativeApp() {
		return OidcClient.publicClient(issuer(), NATIVE_CLIENT, this.nativeRedirectUri);
	}

	/** Every server's log so far, for checks on what was logged. */
	List<String> logs() {
		List<String> logs = new ArrayList<>();
		this.nodes.forEach((node) -> logs.add(node.logText()));
		logs.add(this.resourceServer.logText());
		return logs;
	}

	@Override
	public void close() {
		this.relyingParty.close();
		this.resourceServer.close();
		this.nodes.forEach(ServerProcess::close);
	}

}
