package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial's whole story with the real jars, each in its own JVM on a random port, on the
 * embedded default: the resource server knows the issuer only by its URL and fetches its JWKS.
 */
class EndToEndTests {

	static final String ADMIN_EMAIL = "admin@example.com";

	static final String ADMIN_PASSWORD = "lighthouse keeper plays oboe at dawn";

	@TempDir
	static Path data;

	static final String CLIENT_SECRET = "reporting-service-secret-0123456789";

	static ServerProcess authServer;

	static ServerProcess resourceServer;

	final TestHttp http = TestHttp.absolute();

	@BeforeAll
	static void startServers() {
		int authPort = ServerProcess.freePort();
		String issuer = "http://localhost:" + authPort;
		// the backend client comes from environment variables only, as an operator would add one
		authServer = ServerProcess.start("auth-server", "authServerJar", authPort,
				Map.of("APP_ISSUER_URI", issuer, "APP_STORAGE_DATADIR", data.resolve("auth").toString(),
						"APP_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL, "APP_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
						"APP_CLIENTS_0_CLIENTID", "reporting-service", "APP_CLIENTS_0_CLIENTSECRET", CLIENT_SECRET,
						"APP_CLIENTS_0_SCOPES", "people:read", "APP_CLIENTS_0_AUDIENCES", "people-api",
						"APP_CLIENTS_0_AUTHENTICATIONMETHODS", "client_secret_basic,client_secret_post",
						"APP_CLIENTS_0_ACCESSTOKENTIMETOLIVE", "PT5M"));
		resourceServer = ServerProcess.startResourceServer("resource-server", issuer, data.resolve("people"), Map.of());
	}

	@AfterAll
	static void stopServers() {
		ServerProcess.stopAll(resourceServer, authServer);
	}

	@Test
	void signupLoginCrudRefreshLogout() {
		String email = "ada@example.com";
		String password = "analytical engine notes 1843";
		HttpResponse<String> signup = auth("POST", "/api/auth/signup", null,
				Map.of("email", email, "password", password, "roles", List.of("admin")));
		assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
		assertThat(json(signup).get("roles")).isEqualTo(List.of("user"));

		Map<String, Object> login = login(email, password);
		String accessToken = (String) login.get("access_token");
		String refreshToken = (String) login.get("refresh_token");

		HttpResponse<String> created = people("POST", "/api/people", accessToken,
				Map.of("firstName", "Ada", "lastName", "Lovelace", "email", email));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		String path = location.substring(location.indexOf("/api/people"));

		HttpResponse<String> list = people("GET", "/api/people", accessToken, null);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("Lovelace");

		HttpResponse<String> updated = people("PUT", path, accessToken,
				Map.of("firstName", "Augusta Ada", "lastName", "King", "email", email));
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated)).containsEntry("lastName", "King");

		HttpResponse<String> deniedDelete = people("DELETE", path, accessToken, null);
		assertThat(deniedDelete.statusCode()).isEqualTo(403);

		String adminToken = (String) login(ADMIN_EMAIL, ADMIN_PASSWORD).get("access_token");
		assertThat(people("DELETE", path, adminToken, null).statusCode()).isEqualTo(204);
		assertThat(people("GET", path, adminToken, null).statusCode()).isEqualTo(404);

		HttpResponse<String> refreshed = auth("POST", "/api/auth/refresh", null, Map.of("refresh_token", refreshToken));
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		String newAccessToken = (String) json(refreshed).get("access_token");
		String newRefreshToken = (String) json(refreshed).get("refresh_token");
		assertThat(newRefreshToken).isNotEqualTo(refreshToken);
		assertThat(people("GET", "/api/people", newAccessToken, null).statusCode()).isEqualTo(200);

		assertThat(auth("POST", "/api/auth/logout", null, Map.of("refresh_token", newRefreshToken)).statusCode())
			.isEqualTo(204);
		HttpResponse<String> afterLogout = auth("POST", "/api/auth/refresh", null,
				Map.of("refresh_token", newRefreshToken));
		assertThat(afterLogout.statusCode()).isEqualTo(401);
	}

	@Test
	void refreshTokenIsNotAnAccessToken() {
		Map<String, Object> login = login(ADMIN_EMAIL, ADMIN_PASSWORD);

		HttpResponse<String> response = people("GET", "/api/people", (String) login.get("refresh_token"), null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("invalid_token"));
	}

	@Test
	void nothingSecretIsLoggedByEitherServer() {
		Map<String, Object> login = login(ADMIN_EMAIL, ADMIN_PASSWORD);
		people("GET", "/api/people", (String) login.get("access_token"), null);

		for (ServerProcess server : List.of(authServer, resourceServer)) {
			String log = server.logText();
			assertThat(log).doesNotContain(ADMIN_PASSWORD)
				.doesNotContain((String) login.get("access_token"))
				.doesNotContain((String) login.get("refresh_token"))
				.doesNotContain("PRIVATE KEY");
		}
	}

	@Test
	void backendServiceConfiguredByEnvironmentCanReadButNotWrite() throws Exception {
		HttpResponse<String> token = this.http.postForm(authServer.url() + "/oauth2/token",
				TestHttp.form("grant_type", "client_credentials"), "reporting-service", CLIENT_SECRET);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(json(token)).containsEntry("scope", "people:read");
		assertThat((Long) json(token).get("expires_in")).isBetween(290L, 300L);
		String accessToken = (String) json(token).get("access_token");

		assertThat(people("GET", "/api/people", accessToken, null).statusCode()).isEqualTo(200);
		assertThat(people("POST", "/api/people", accessToken, Map.of("firstName", "No", "lastName", "Write"))
			.statusCode()).isEqualTo(403);
		// the configured list replaced the demo client
		assertThat(this.http
			.postForm(authServer.url() + "/oauth2/token", TestHttp.form("grant_type", "client_credentials"),
					"demo-service", "demo-service-secret-change-me")
			.statusCode()).isEqualTo(401);
	}

	private Map<String, Object> login(String email, String password) {
		HttpResponse<String> response = auth("POST", "/api/auth/login", null,
				Map.of("email", email, "password", password, "refresh_token_delivery", "body"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	private HttpResponse<String> auth(String method, String path, String bearer, Map<String, ?> body) {
		return this.http.jsonObject(method, authServer.url() + path, body, TestHttp.bearer(bearer));
	}

	private HttpResponse<String> people(String method, String path, String bearer, Map<String, ?> body) {
		return this.http.jsonObject(method, resourceServer.url() + path, body, TestHttp.bearer(bearer));
	}

}
