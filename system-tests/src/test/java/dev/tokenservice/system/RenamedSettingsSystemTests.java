package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jars configured only with the old names of renamed settings, as real environment variables
 * (docs/settings.md, "Renamed settings"): they still take effect, and each server logs a warning naming
 * the new name of each one.
 */
class RenamedSettingsSystemTests {

	static final String USER_EMAIL = "old-names@example.com";

	static final String USER_PASSWORD = "weathered signpost points north";

	static final String CLIENT_SECRET = "billing-service-secret-0123456789";

	@TempDir
	static Path data;

	static String issuer;

	static ServerProcess authServer;

	static ServerProcess resourceServer;

	final TestHttp http = TestHttp.absolute();

	@BeforeAll
	static void startServers() {
		int authPort = ServerProcess.freePort();
		issuer = "http://localhost:" + authPort;
		authServer = ServerProcess.start("auth-server-old-names", "authServerJar", authPort,
				Map.of("APP_ISSUER", issuer, "APP_DATA_DIR", data.resolve("auth").toString(), "APP_DEMO_USER_EMAIL",
						USER_EMAIL, "APP_DEMO_USER_PASSWORD", USER_PASSWORD, "APP_CLIENTS_0_CLIENTID",
						"billing-service", "APP_CLIENTS_0_CLIENTSECRET", CLIENT_SECRET, "APP_CLIENTS_0_SCOPES",
						"people:read", "APP_CLIENTS_0_AUDIENCES", "billing-api"));
		resourceServer = ServerProcess.start("resource-server-old-names", "resourceServerJar", ServerProcess.freePort(),
				Map.of("APP_ISSUER_URI", issuer, "APP_JWK_SET_URI", issuer + "/oauth2/jwks", "APP_AUDIENCE",
						"billing-api", "APP_JWKS_CACHE_TTL", "1m", "SPRING_DATASOURCE_URL",
						"jdbc:h2:file:" + data.resolve("people").resolve("people") + ";MODE=PostgreSQL"));
	}

	@AfterAll
	static void stopServers() {
		ServerProcess.stopAll(resourceServer, authServer);
	}

	@Test
	void theAuthServersOldNamesTakeEffect() {
		HttpResponse<String> discovery = this.http.get(authServer.url() + "/.well-known/openid-configuration");
		assertThat(json(discovery)).containsEntry("issuer", issuer);
		// the embedded database and its generated KEK went where APP_DATA_DIR says
		assertThat(data.resolve("auth").resolve("kek")).exists();
		assertThat(data.resolve("auth").resolve("auth-server.mv.db")).exists();
		assertThat(login().statusCode()).isEqualTo(200);

		assertThat(authServer.logText()).contains(
				"Setting APP_ISSUER (app.issuer) in 'systemEnvironment' is deprecated: it was renamed app.issuer.uri "
						+ "(APP_ISSUER_URI)",
				"Setting APP_DATA_DIR (app.data-dir) in 'systemEnvironment' is deprecated: it was renamed "
						+ "app.storage.data-dir (APP_STORAGE_DATADIR)",
				"Setting APP_DEMO_USER_EMAIL (app.demo-user.email) in 'systemEnvironment' is deprecated: it was "
						+ "renamed app.bootstrap.demo-user.email (APP_BOOTSTRAP_DEMOUSER_EMAIL)");
	}

	@Test
	void theResourceServersOldNamesTakeEffect() {
		// APP_AUDIENCE=billing-api: the backend client's tokens are for billing-api, the users' for people-api
		assertThat(people(clientToken()).statusCode()).isEqualTo(200);
		assertThat(people((String) json(login()).get("access_token")).statusCode()).isEqualTo(401);

		assertThat(resourceServer.logText()).contains(
				"Setting APP_AUDIENCE (app.audience) in 'systemEnvironment' is deprecated: it was renamed "
						+ "app.tokens.audience (APP_TOKENS_AUDIENCE)",
				"Setting APP_JWK_SET_URI (app.jwk-set-uri) in 'systemEnvironment' is deprecated: it was renamed "
						+ "app.issuer.jwk-set-uri (APP_ISSUER_JWKSETURI)",
				"Setting APP_JWKS_CACHE_TTL (app.jwks-cache-ttl) in 'systemEnvironment' is deprecated: it was renamed "
						+ "app.issuer.jwks-cache-ttl (APP_ISSUER_JWKSCACHETTL)")
			// the old variable of app.issuer-uri is the new one of app.issuer.uri
			.doesNotContain("APP_ISSUER_URI (app.issuer-uri)");
	}

	private HttpResponse<String> login() {
		return new FirstPartyClient(TestHttp.to(authServer.url())).login(USER_EMAIL, USER_PASSWORD, "body");
	}

	private HttpResponse<String> people(String accessToken) {
		return this.http.get(resourceServer.url() + "/api/people", TestHttp.bearer(accessToken));
	}

	private static String clientToken() {
		HttpResponse<String> token = TestHttp.to(authServer.url())
			.postForm("/oauth2/token", TestHttp.form("grant_type", "client_credentials"), "billing-service",
					CLIENT_SECRET);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return (String) json(token).get("access_token");
	}

}
