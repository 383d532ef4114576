package dev.tokenservice.auth.clients;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.AuthServerApplication;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.keys.RsaKeys;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.testsupport.TestHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client administration over real HTTP: each admin action, its audit row and counter, the secret shown once
 * and never again, both secrets during a rotation's overlap and only the new one after (moved clock), a
 * disabled or deleted client refused at the token endpoint, the refusals as problem documents, and a
 * second node on the same database seeing the changes within the client cache's time to live. On H2 and
 * PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.bootstrap.admin.email=" + ClientAdminContract.ADMIN,
				"app.bootstrap.admin.password=" + ClientAdminContract.PASSWORD,
				"app.bootstrap.demo-user.email=" + ClientAdminContract.USER,
				"app.bootstrap.demo-user.password=" + ClientAdminContract.PASSWORD,
				"app.client-cache-ttl=" + ClientAdminContract.CACHE_TTL, "app.keys.sync-interval=2m" })
@Import(MutableClockConfig.class)
abstract class ClientAdminContract {

	static final String ADMIN = "clients-admin@example.com";

	static final String USER = "clients-user@example.com";

	static final String PASSWORD = "violet heron counts the pebbles";

	static final String CACHE_TTL = "2s";

	/** The backend service application.yml bootstraps. */
	static final String BOOTSTRAP_CLIENT = "demo-service";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	PreviousClientSecrets previousSecrets;

	@Autowired
	Environment environment;

	TestHttp http() {
		return TestHttp.localhost(this.port);
	}

	// --- each admin action

	@Test
	void aCreatedClientGetsTokensWithTheSecretShownOnceOnlyItsHashStoredAndAnAuditRow() throws ParseException {
		String id = newClientId();
		double before = counter("created");

		HttpResponse<String> created = admin("POST", "/api/admin/clients", Map.of("clientId", id, "scopes",
				List.of("people:read"), "audiences", List.of("people-api", "billing-api"), "accessTokenTimeToLive", "PT3M",
				"grantTypes", List.of("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"),
				"tokenExchangeAudiences", List.of("billing-api")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Map<String, Object> body = json(created);
		String secret = (String) body.get("clientSecret");
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(body).containsEntry("clientId", id)
			.containsEntry("grantTypes", List.of("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"))
			.containsEntry("authenticationMethods", List.of("client_secret_basic"))
			.containsEntry("audiences", List.of("people-api", "billing-api"))
			.containsEntry("tokenExchangeAudiences", List.of("billing-api"))
			.containsEntry("accessTokenTimeToLive", "PT3M")
			.containsEntry("disabled", false)
			.containsEntry("bootstrap", false);
		String stored = this.jdbc.sql("select client_secret from oauth2_registered_client where client_id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("{sha256}").doesNotContain(secret);
		HttpResponse<String> shown = admin("GET", "/api/admin/clients/" + id, null);
		assertThat(shown.statusCode()).isEqualTo(200);
		assertThat(json(shown)).doesNotContainKey("clientSecret").containsEntry("clientId", id);
		assertThat(shown.body()).doesNotContain(secret).doesNotContain(stored.substring(8));

		HttpResponse<String> token = clientCredentials(id, secret);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		SignedJWT jwt = SignedJWT.parse((String) json(token).get("access_token"));
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactlyInAnyOrder("people-api", "billing-api");
		assertThat(Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
				jwt.getJWTClaimsSet().getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(3));
		assertAuditRow("client.created", id, "success", secret);
		assertThat(counter("created")).isEqualTo(before + 1);
	}

	@Test
	void theListIsPagedByClientId() {
		String prefix = "zz-" + UUID.randomUUID().toString().substring(0, 8);
		createClient(prefix + "-b");
		createClient(prefix + "-a");

		HttpResponse<String> page = admin("GET", "/api/admin/clients?size=1&page=0", null);
		HttpResponse<String> all = admin("GET", "/api/admin/clients?size=1000", null);

		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(content(page)).hasSize(1);
		@SuppressWarnings("unchecked")
		Map<String, Object> metadata = (Map<String, Object>) json(page).get("page");
		assertThat((Long) metadata.get("totalElements")).isGreaterThanOrEqualTo(3);
		List<String> ids = content(all).stream().map((client) -> (String) client.get("clientId")).toList();
		assertThat(ids).isSorted().contains(prefix + "-a", prefix + "-b", BOOTSTRAP_CLIENT);
		assertThat(all.body()).doesNotContain("clientSecret").doesNotContain("{sha256}");
		assertThat(content(all).stream().filter((client) -> client.get("clientId").equals(BOOTSTRAP_CLIENT)))
			.allMatch((client) -> Boolean.TRUE.equals(client.get("bootstrap")));
	}

	@Test
	void anUpdateChangesAudiencesScopesAndLifetimeAndKeepsTheSecret() throws ParseException {
		String id = newClientId();
		String secret = createClient(id);

		HttpResponse<String> updated = admin("PUT", "/api/admin/clients/" + id, Map.of("scopes",
				List.of("people:read", "people:write"), "audiences", List.of("billing-api"), "accessTokenTimeToLive",
				"PT7M", "authenticationMethods", List.of("client_secret_post")));

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated)).doesNotContainKey("clientSecret")
			.containsEntry("scopes", List.of("people:read", "people:write"))
			.containsEntry("authenticationMethods", List.of("client_secret_post"));
		HttpResponse<String> token = this.http().postForm("/oauth2/token", form("grant_type", "client_credentials",
				"client_id", id, "client_secret", secret, "scope", "people:write"), null, null);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		SignedJWT jwt = SignedJWT.parse((String) json(token).get("access_token"));
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("billing-api");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("people:write");
		assertThat(clientCredentials(id, secret).statusCode()).as("basic is no longer allowed").isEqualTo(401);
		assertAuditRow("client.updated", id, "success", secret);
	}

	@Test
	void aDisabledClientGetsNoTokens() {
		String id = newClientId();
		String secret = createClient(id);
		assertThat(clientCredentials(id, secret).statusCode()).isEqualTo(200);

		HttpResponse<String> disabled = admin("POST", "/api/admin/clients/" + id + "/disable", null);

		assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
		assertThat(json(disabled)).containsEntry("disabled", true);
		HttpResponse<String> refused = clientCredentials(id, secret);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(json(refused)).containsEntry("error", "invalid_client");
		assertThat(json(admin("GET", "/api/admin/clients/" + id, null))).containsEntry("disabled", true);
		assertAuditRow("client.disabled", id, "success", secret);
	}

	@Test
	void aDeletedClientIsGoneWithItsPreviousSecret() {
		String id = newClientId();
		String secret = createClient(id);
		String next = (String) json(admin("POST", "/api/admin/clients/" + id + "/secrets",
				Map.of("previousSecretExpiresIn", "PT1H"))).get("clientSecret");
		assertThat(previousSecretRows(id)).isEqualTo(1);

		HttpResponse<String> deleted = admin("DELETE", "/api/admin/clients/" + id, null);

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertProblem(admin("GET", "/api/admin/clients/" + id, null), 404);
		assertThat(clientCredentials(id, secret).statusCode()).isEqualTo(401);
		assertThat(clientCredentials(id, next).statusCode()).isEqualTo(401);
		assertThat(this.jdbc.sql("select count(*) from client_previous_secret").query(Long.class).single())
			.isEqualTo(this.jdbc
				.sql("select count(*) from client_previous_secret p join oauth2_registered_client c on c.id = p.registered_client_id")
				.query(Long.class)
				.single());
		assertAuditRow("client.deleted", id, "success", secret);
	}

	@Test
	void afterARotationBothSecretsWorkUntilThePreviousExpiresThenOnlyTheNew() {
		String id = newClientId();
		HttpResponse<String> created = admin("POST", "/api/admin/clients", Map.of("clientId", id, "audiences",
				List.of("people-api"), "authenticationMethods", List.of("client_secret_basic", "client_secret_post")));
		String first = (String) json(created).get("clientSecret");
		double before = counter("secret_rotated");
		Instant rotating = this.clock.instant();

		HttpResponse<String> rotated = admin("POST", "/api/admin/clients/" + id + "/secrets",
				Map.of("previousSecretExpiresIn", "PT1H"));

		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String second = (String) json(rotated).get("clientSecret");
		assertThat(second).isNotEqualTo(first).hasSizeGreaterThanOrEqualTo(43);
		assertThat(Instant.parse((String) json(rotated).get("previousSecretExpiresAt")))
			.isBetween(rotating.plus(Duration.ofHours(1)), this.clock.instant().plus(Duration.ofHours(1)));
		assertThat(clientCredentials(id, first).statusCode()).as("the previous secret, basic").isEqualTo(200);
		assertThat(this.http().postForm("/oauth2/token", form("grant_type", "client_credentials", "client_id", id,
				"client_secret", first), null, null).statusCode()).as("the previous secret, post").isEqualTo(200);
		assertThat(clientCredentials(id, second).statusCode()).as("the new secret").isEqualTo(200);
		assertThat(clientCredentials(id, "not-the-secret-at-all-0123456789").statusCode()).isEqualTo(401);

		this.clock.advance(Duration.ofMinutes(59));
		assertThat(clientCredentials(id, first).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(1));

		HttpResponse<String> expired = clientCredentials(id, first);
		assertThat(expired.statusCode()).as("the previous secret after its expiry").isEqualTo(401);
		assertThat(this.http().postForm("/oauth2/token", form("grant_type", "client_credentials", "client_id", id,
				"client_secret", first), null, null).statusCode()).as("post, after its expiry").isEqualTo(401);
		assertThat(json(expired)).containsEntry("error", "invalid_client");
		assertThat(clientCredentials(id, second).statusCode()).isEqualTo(200);
		assertThat(json(admin("GET", "/api/admin/clients/" + id, null))).containsEntry("previousSecretExpiresAt", null);
		assertThat(previousSecretRows(id)).isEqualTo(1);
		assertThat(this.previousSecrets.purge(this.clock.instant())).isGreaterThanOrEqualTo(1);
		assertThat(previousSecretRows(id)).isZero();
		assertAuditRow("client.secret_rotated", id, null, first);
		assertThat(auditOutcome("client.secret_rotated", id)).startsWith("previous secret valid until ")
			.doesNotContain(second);
		assertThat(counter("secret_rotated")).isEqualTo(before + 1);
	}

	@Test
	void aSecondRotationEndsThePreviousSecretAndZeroEndsItAtOnce() {
		String id = newClientId();
		String first = createClient(id);
		String second = (String) json(admin("POST", "/api/admin/clients/" + id + "/secrets", null)).get("clientSecret");
		assertThat(clientCredentials(id, first).statusCode()).as("default overlap").isEqualTo(200);

		String third = (String) json(admin("POST", "/api/admin/clients/" + id + "/secrets",
				Map.of("previousSecretExpiresIn", "PT0S"))).get("clientSecret");

		assertThat(clientCredentials(id, first).statusCode()).isEqualTo(401);
		assertThat(clientCredentials(id, second).statusCode()).isEqualTo(401);
		assertThat(clientCredentials(id, third).statusCode()).isEqualTo(200);
	}

	// --- refusals

	@Test
	void nonAdminsAreRefused() {
		String user = login(USER);
		for (String[] call : new String[][] { { "GET", "/api/admin/clients" }, { "POST", "/api/admin/clients" },
				{ "GET", "/api/admin/clients/x" }, { "PUT", "/api/admin/clients/x" }, { "DELETE", "/api/admin/clients/x" },
				{ "POST", "/api/admin/clients/x/disable" }, { "POST", "/api/admin/clients/x/secrets" } }) {
			String body = (call[0].equals("POST") || call[0].equals("PUT")) ? "{}" : null;
			assertProblem(http().json(call[0], call[1], body, "Authorization", "Bearer " + user), 403);
			assertProblem(http().json(call[0], call[1], body), 401);
		}
	}

	@Test
	void unknownClientsAre404AndDuplicates409() {
		Map<String, Object> valid = Map.of("audiences", List.of("people-api"));
		assertProblem(admin("GET", "/api/admin/clients/no-such-client", null), 404);
		assertProblem(admin("PUT", "/api/admin/clients/no-such-client", valid), 404);
		assertProblem(admin("DELETE", "/api/admin/clients/no-such-client", null), 404);
		assertProblem(admin("POST", "/api/admin/clients/no-such-client/disable", null), 404);
		assertProblem(admin("POST", "/api/admin/clients/no-such-client/secrets", null), 404);
		assertProblem(admin("POST", "/api/admin/clients", Map.of("clientId", BOOTSTRAP_CLIENT, "audiences",
				List.of("people-api"))), 409);
		String id = newClientId();
		createClient(id);
		assertProblem(admin("POST", "/api/admin/clients", Map.of("clientId", id, "audiences", List.of("x"))), 409);
		String spa = newClientId();
		assertThat(admin("POST", "/api/admin/clients", Map.of("clientId", spa, "audiences", List.of("people-api"),
				"authenticationMethods", List.of("none"), "grantTypes", List.of("authorization_code", "refresh_token"),
				"redirectUris", List.of("https://app.example.com/cb"))).statusCode()).isEqualTo(201);
		assertProblem(admin("POST", "/api/admin/clients/" + spa + "/secrets", null), 409);
	}

	@Test
	void clientsThatCannotWorkAre400WithTheField() {
		String id = newClientId();
		assertInvalid(Map.of("audiences", List.of("people-api")), "clientId");
		assertInvalid(Map.of("clientId", "has space", "audiences", List.of("people-api")), "clientId");
		assertInvalid(Map.of("clientId", id), "audiences");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "grantTypes", List.of("password")),
				"grantTypes");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "authenticationMethods", List.of("tls_client_auth")),
				"authenticationMethods");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "authenticationMethods", List.of("none")),
				"client");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "grantTypes", List.of("authorization_code")),
				"client");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "grantTypes", List.of("authorization_code"),
				"redirectUris", List.of("/relative")), "client");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "scopes", List.of("bad scope")), "scopes");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "accessTokenTimeToLive", "-PT1M"),
				"accessTokenTimeToLive");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "jwksUri", "https://keys.example.com/jwks"),
				"jwks");
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "authenticationMethods",
				List.of("private_key_jwt")), "jwks");
		Map<String, Object> privateJwks = Map.of("keys", List.of(RsaKeys.generate().toJSONObject()));
		assertInvalid(Map.of("clientId", id, "audiences", List.of("a"), "authenticationMethods",
				List.of("private_key_jwt"), "jwks", privateJwks), "jwks");
		assertProblem(admin("POST", "/api/admin/clients", "{\"clientId\": \"x\", \"accessTokenTimeToLive\": \"soon\"}"),
				400);
		String rotating = newClientId();
		createClient(rotating);
		assertProblem(admin("POST", "/api/admin/clients/" + rotating + "/secrets",
				Map.of("previousSecretExpiresIn", "P8D")), 400);
		assertProblem(admin("PUT", "/api/admin/clients/" + rotating, Map.of("clientId", "other", "audiences",
				List.of("a"))), 400);
		assertProblem(admin("GET", "/api/admin/clients/" + id, null), 404);
	}

	@Test
	void aPrivateKeyJwtClientHasItsPublicKeysAndNoSecret() {
		String id = newClientId();
		RSAKey key = RsaKeys.generate();
		Map<String, Object> jwks = Map.of("keys", List.of(key.toPublicJWK().toJSONObject()));

		HttpResponse<String> created = admin("POST", "/api/admin/clients", Map.of("clientId", id, "audiences",
				List.of("people-api"), "authenticationMethods", List.of("private_key_jwt"), "jwks", jwks));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(json(created)).doesNotContainKey("clientSecret").containsKey("jwks");
		assertThat(this.jdbc.sql("select client_secret from oauth2_registered_client where client_id = ?")
			.param(id)
			.query(String.class)
			.optional()).isEmpty();
		assertThat(this.jdbc.sql("select client_settings from oauth2_registered_client where client_id = ?")
			.param(id)
			.query(String.class)
			.single()).contains("settings.client.jwks").doesNotContain("\"d\"");
	}

	// --- several nodes

	@Test
	void aSecondNodeOnTheSameDatabaseSeesChangesWithinTheCacheTtlAndRecreatesADeletedBootstrapClient() {
		String id = newClientId();
		String bootstrapSecret = "demo-service-secret-change-me";
		assertThat(admin("DELETE", "/api/admin/clients/" + BOOTSTRAP_CLIENT, null).statusCode()).isEqualTo(204);
		assertThat(clientCredentials(BOOTSTRAP_CLIENT, bootstrapSecret).statusCode()).isEqualTo(401);
		try (ConfigurableApplicationContext node2 = startNode2()) {
			TestHttp second = TestHttp.localhost(Integer.parseInt(node2.getEnvironment().getProperty("local.server.port")));
			// bootstrap: the deleted configured client is registered again by the node that starts
			assertThat(tokenAt(second, BOOTSTRAP_CLIENT, bootstrapSecret).statusCode()).isEqualTo(200);

			String secret = createClient(id);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(tokenAt(second, id, secret).statusCode()).isEqualTo(200));

			String rotated = (String) json(admin("POST", "/api/admin/clients/" + id + "/secrets",
					Map.of("previousSecretExpiresIn", "PT0S"))).get("clientSecret");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(tokenAt(second, id, rotated).statusCode()).isEqualTo(200);
				assertThat(tokenAt(second, id, secret).statusCode()).isEqualTo(401);
			});

			assertThat(admin("POST", "/api/admin/clients/" + id + "/disable", null).statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(tokenAt(second, id, rotated).statusCode()).isEqualTo(401));
		}
	}

	private ConfigurableApplicationContext startNode2() {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--app.client-cache-ttl=" + CACHE_TTL,
				"--app.keys.sync-interval=2m", "--app.bootstrap.admin.email=" + ADMIN,
				"--app.bootstrap.admin.password=" + PASSWORD));
		for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"app.keys.kek")) {
			String value = this.environment.getProperty(name);
			if (value != null) {
				arguments.add("--" + name + "=" + value);
			}
		}
		return new SpringApplicationBuilder(AuthServerApplication.class).run(arguments.toArray(String[]::new));
	}

	// --- helpers

	private String createClient(String id) {
		HttpResponse<String> created = admin("POST", "/api/admin/clients",
				Map.of("clientId", id, "scopes", List.of("people:read"), "audiences", List.of("people-api")));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return (String) json(created).get("clientSecret");
	}

	private static String newClientId() {
		return "svc-" + UUID.randomUUID().toString().substring(0, 12);
	}

	private HttpResponse<String> clientCredentials(String clientId, String secret) {
		return tokenAt(http(), clientId, secret);
	}

	private static HttpResponse<String> tokenAt(TestHttp server, String clientId, String secret) {
		return server.postForm("/oauth2/token", form("grant_type", "client_credentials"), clientId, secret);
	}

	private HttpResponse<String> admin(String method, String path, Object body) {
		String token = login(ADMIN);
		if (body instanceof String raw) {
			return http().json(method, path, raw, "Authorization", "Bearer " + token);
		}
		@SuppressWarnings("unchecked")
		Map<String, ?> map = (Map<String, ?>) body;
		return http().jsonObject(method, path, map, "Authorization", "Bearer " + token);
	}

	private String login(String email) {
		HttpResponse<String> response = http().json("POST", "/api/auth/login", "{\"email\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"refresh_token_delivery\":\"body\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) json(response).get("access_token");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> content(HttpResponse<String> page) {
		return (List<Map<String, Object>>) json(page).get("content");
	}

	private void assertInvalid(Map<String, Object> body, String field) {
		HttpResponse<String> response = admin("POST", "/api/admin/clients", new LinkedHashMap<>(body));
		assertProblem(response, 400);
		assertThat(response.body()).as(body.toString()).contains("\"field\":\"" + field);
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response)).containsEntry("status", (long) status).containsKey("detail");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private void assertAuditRow(String action, String clientId, String outcome, String secret) {
		List<Map<String, Object>> rows = this.jdbc
			.sql("select actor, target, outcome from audit_event where action = ? and target = ?")
			.params(action, "client:" + clientId)
			.query((rs, row) -> Map.<String, Object>of("actor", rs.getString(1), "outcome", rs.getString(3)))
			.list();
		assertThat(rows).hasSize(1);
		assertThat((String) rows.get(0).get("actor")).startsWith("user:");
		if (outcome != null) {
			assertThat(rows.get(0)).containsEntry("outcome", outcome);
		}
		assertThat(rows.get(0).toString()).doesNotContain(secret);
	}

	private String auditOutcome(String action, String clientId) {
		return this.jdbc.sql("select outcome from audit_event where action = ? and target = ?")
			.params(action, "client:" + clientId)
			.query(String.class)
			.single();
	}

	private long previousSecretRows(String clientId) {
		return this.jdbc
			.sql("select count(*) from client_previous_secret p join oauth2_registered_client c "
					+ "on c.id = p.registered_client_id where c.client_id = ?")
			.param(clientId)
			.query(Long.class)
			.single();
	}

	private double counter(String operation) {
		return this.meters.get("auth.clients.operations").tag("operation", operation).counter().count();
	}

}
