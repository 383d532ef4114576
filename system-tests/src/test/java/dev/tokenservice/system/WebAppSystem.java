package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.tokenservice.testsupport.TestHttp;

/**
 * The web app as a person meets it: the real auth-server jar (embedded H2 default) with a bootstrap
 * admin and the web app's public client registered through environment variables exactly as
 * {@code ./run.sh} registers {@code demo-web-app}, the real resource-server jar allowing the app's origin
 * (CORS), and the built app served by Vite's preview server on its own origin.
 * <p>
 * The app's access tokens live {@link #ACCESS_TOKEN_TIME_TO_LIVE} only, so that silent refreshes (and
 * refresh-token rotations) happen every few seconds within a test.
 */
final class WebAppSystem implements AutoCloseable {

	static final String CLIENT_ID = "demo-web-app";

	static final String ADMIN_EMAIL = "web-admin@example.com";

	static final String ADMIN_PASSWORD = "copper kettles whistle over blue meadows";

	static final Duration ACCESS_TOKEN_TIME_TO_LIVE = Duration.ofSeconds(6);

	private ServerProcess authServer;

	private final ServerProcess resourceServer;

	private final WebAppPreview webApp;

	private final String issuer;

	private WebAppSystem(ServerProcess authServer, ServerProcess resourceServer, WebAppPreview webApp,
			String issuer) {
		this.authServer = authServer;
		this.resourceServer = resourceServer;
		this.webApp = webApp;
		this.issuer = issuer;
	}

	/** Starts the two jars in parallel (JVM startup is the slow part), then the app's preview server. */
	static WebAppSystem start(Path data) {
		List<Integer> ports = MultiNodeSystem.distinctFreePorts(3);
		String issuer = "http://localhost:" + ports.get(0);
		String webOrigin = "http://localhost:" + ports.get(2);
		Map<String, String> auth = new HashMap<>();
		auth.put("APP_ISSUER_URI", issuer);
		auth.put("APP_STORAGE_DATADIR", data.resolve("auth").toString());
		auth.put("APP_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
		auth.put("APP_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
		// one node: it re-reads its key ring every second, so a forced rotation may happen two seconds after
		// startup (a next key must be on every node first); an unforced one still waits the 10m publish lead
		auth.put("APP_KEYS_SYNCINTERVAL", "1s");
		String client = "APP_CLIENTS_0_";
		auth.put(client + "CLIENTID", CLIENT_ID);
		auth.put(client + "AUTHENTICATIONMETHODS", "none");
		auth.put(client + "GRANTTYPES", "authorization_code,refresh_token");
		auth.put(client + "SCOPES", "openid,email,roles,people:read,people:write");
		auth.put(client + "AUDIENCES", "people-api");
		auth.put(client + "REQUIRECONSENT", "false");
		auth.put(client + "REDIRECTURIS_0", webOrigin + "/callback");
		auth.put(client + "POSTLOGOUTREDIRECTURIS_0", webOrigin + "/");
		auth.put(client + "ACCESSTOKENTIMETOLIVE", ACCESS_TOKEN_TIME_TO_LIVE.toString());
		Map<String, String> resource = Map.of("APP_ISSUER_URI", issuer, "APP_CORS_ALLOWEDORIGINS_0", webOrigin,
				"SPRING_DATASOURCE_URL", "jdbc:h2:file:" + data.resolve("people").resolve("people") + ";MODE=PostgreSQL");
		List<Supplier<ServerProcess>> servers = List.of(
				() -> ServerProcess.start("auth-server-web-app", "authServerJar", ports.get(0), auth),
				() -> ServerProcess.start("resource-server-web-app", "resourceServerJar", ports.get(1), resource));
		List<ServerProcess> started = MultiNodeSystem.startAll(servers);
		try {
			WebAppPreview webApp = WebAppPreview.start(ports.get(2), issuer, started.get(1).url(), CLIENT_ID);
			return new WebAppSystem(started.get(0), started.get(1), webApp, issuer);
		}
		catch (RuntimeException ex) {
			started.forEach(ServerProcess::close);
			throw ex;
		}
	}

	String issuer() {
		return this.issuer;
	}

	String apiUrl() {
		return this.resourceServer.url();
	}

	/** The app's origin, as the browser opens it. */
	String webUrl() {
		return this.webApp.url();
	}

	/** Stops the auth-server for good: the issuer is down for the rest of the test class. */
	void stopIssuer() {
		ServerProcess.stopAll(this.authServer);
		this.authServer = null;
	}

	/** A refresh-token grant as the app sends it (public client, no secret), from outside the browser. */
	HttpResponse<String> refresh(String refreshToken) {
		return TestHttp.to(this.issuer)
			.postForm("/oauth2/token", TestHttp.form("grant_type", "refresh_token", "refresh_token", refreshToken,
					"client_id", CLIENT_ID), null, null);
	}

	@Override
	public void close() {
		this.webApp.close();
		ServerProcess.stopAll(this.resourceServer, this.authServer);
	}

}
