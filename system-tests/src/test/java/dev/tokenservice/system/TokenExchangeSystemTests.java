package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.tokenservice.testsupport.TestHttp;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.testsupport.TestHttp.json;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token exchange (RFC 8693) with the real jars: service A, configured by environment variables only,
 * exchanges a user's first-party token for service B; B is a second resource-server jar whose audience is
 * {@code service-b}. B takes the exchanged token and refuses the user's own; the people API
 * ({@code people-api}) takes the user's and refuses the exchanged one.
 */
class TokenExchangeSystemTests {

	static final String SERVICE_A_SECRET = "service-a-secret-0123456789";

	static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	@TempDir
	static Path data;

	static ServerProcess authServer;

	static ServerProcess peopleApi;

	static ServerProcess serviceB;

	final TestHttp http = TestHttp.absolute();

	@BeforeAll
	static void startServers() {
		int authPort = ServerProcess.freePort();
		String issuer = "http://localhost:" + authPort;
		authServer = ServerProcess.start("auth-server", "authServerJar", authPort,
				Map.ofEntries(entry("APP_ISSUER_URI", issuer),
						entry("APP_STORAGE_DATADIR", data.resolve("auth").toString()),
						entry("APP_CLIENTS_0_CLIENTID", "service-a"),
						entry("APP_CLIENTS_0_CLIENTSECRET", SERVICE_A_SECRET),
						entry("APP_CLIENTS_0_SCOPES", "people:read"), entry("APP_CLIENTS_0_AUDIENCES", "service-a"),
						entry("APP_CLIENTS_0_GRANTTYPES", "client_credentials," + GRANT),
						entry("APP_CLIENTS_0_TOKENEXCHANGEAUDIENCES", "service-b")));
		peopleApi = ServerProcess.startResourceServer("resource-server", issuer, data.resolve("people"), Map.of());
		serviceB = ServerProcess.startResourceServer("resource-server-b", issuer, data.resolve("service-b"),
				Map.of("APP_TOKENS_AUDIENCE", "service-b"));
	}

	@AfterAll
	static void stopServers() {
		ServerProcess.stopAll(serviceB, peopleApi, authServer);
	}

	@Test
	void theExchangedTokenIsForServiceBOnly() {
		String userToken = userToken("grace@example.com");
		assertThat(get(peopleApi, userToken).statusCode()).isEqualTo(200);
		assertThat(get(serviceB, userToken).statusCode()).isEqualTo(401);

		HttpResponse<String> exchanged = exchange(userToken, "service-b");
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		assertThat(json(exchanged)).containsEntry("issued_token_type", ACCESS_TOKEN_TYPE)
			.containsEntry("scope", "people:read")
			.doesNotContainKey("refresh_token");
		String forB = (String) json(exchanged).get("access_token");

		HttpResponse<String> atB = get(serviceB, forB);
		assertThat(atB.statusCode()).as(atB.body()).isEqualTo(200);
		HttpResponse<String> atPeopleApi = get(peopleApi, forB);
		assertThat(atPeopleApi.statusCode()).isEqualTo(401);
		assertThat(atPeopleApi.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("invalid_token"));

		for (ServerProcess server : List.of(authServer, peopleApi, serviceB)) {
			assertThat(server.logText()).doesNotContain(userToken).doesNotContain(forB);
		}
	}

	@Test
	void anAudienceOutsideServiceAsPolicyIsInvalidTarget() {
		HttpResponse<String> response = exchange(userToken("hopper@example.com"), "people-api");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_target");
	}

	@Test
	void discoveryListsTheGrant() {
		HttpResponse<String> metadata = this.http.get(authServer.url() + "/.well-known/oauth-authorization-server");

		assertThat(json(metadata).get("grant_types_supported")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains(GRANT);
	}

	private HttpResponse<String> exchange(String subjectToken, String audience) {
		return this.http.postForm(authServer.url() + "/oauth2/token",
				TestHttp.form("grant_type", GRANT, "subject_token", subjectToken, "subject_token_type",
						ACCESS_TOKEN_TYPE, "audience", audience),
				"service-a", SERVICE_A_SECRET);
	}

	private String userToken(String email) {
		String password = "compiler nanoseconds on a wire";
		HttpResponse<String> signup = this.http.jsonObject("POST", authServer.url() + "/api/auth/signup",
				Map.of("email", email, "password", password));
		assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
		HttpResponse<String> login = this.http.jsonObject("POST", authServer.url() + "/api/auth/login",
				Map.of("email", email, "password", password, "refresh_token_delivery", "body"));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return (String) json(login).get("access_token");
	}

	private HttpResponse<String> get(ServerProcess server, String bearer) {
		return this.http.get(server.url() + "/api/people", TestHttp.bearer(bearer));
	}

}
