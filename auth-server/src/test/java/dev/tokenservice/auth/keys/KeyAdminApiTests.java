package dev.tokenservice.auth.keys;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.testsupport.TestHttp;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.KeyEncryptionKeys;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.PrivateKeyEnvelope;
import dev.tokenservice.keys.PemKeys;
import dev.tokenservice.keys.RsaKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static dev.tokenservice.auth.support.KeyRingViews.nextKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' key API over real HTTP on a server of its own (it rotates the ring). The clock only
 * moves forward here: the ring's timestamps must never lie in the clock's future.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:key-admin;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
				"app.bootstrap.admin.email=" + KeyAdminApiTests.ADMIN,
				"app.bootstrap.admin.password=" + KeyAdminApiTests.PASSWORD,
				"app.bootstrap.demo-user.email=" + KeyAdminApiTests.USER,
				"app.bootstrap.demo-user.password=" + KeyAdminApiTests.PASSWORD,
				// no background sync during the tests: they decide when this node reads the ring
				"app.keys.sync-interval=2m", "app.keys.previous-keks[0]=" + KeyAdminApiTests.PREVIOUS_KEK })
@Import(MutableClockConfig.class)
class KeyAdminApiTests {

	static final String ADMIN = "keys-admin@example.com";

	static final String USER = "keys-user@example.com";

	static final String PASSWORD = "quiet lantern over the salt marsh";

	static final String PREVIOUS_KEK = "q5cKq7c3TzyqnmPz8qv3Vb1hQ0yYt8m1bX4sJ2kR9aE=";

	static final Duration PUBLISH_LEAD = Duration.ofMinutes(10);

	static final Duration PROPAGATION = Duration.ofMinutes(4);

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	KeyRingService keyRing;

	@Autowired
	KeyRingStore store;

	@Autowired
	KeyRingPolicy policy;

	@Autowired
	KeyEncryptionKeys keks;

	@Autowired
	KeyRingHealthIndicator readiness;

	@Autowired
	JdbcClient jdbc;

	TestHttp http() {
		return TestHttp.localhost(this.port);
	}

	@Test
	void keyListShowsEveryKeyItsStateAndNoKeyMaterial() {
		HttpResponse<String> response = admin("GET", "/api/admin/keys");

		assertThat(response.statusCode()).isEqualTo(200);
		List<Map<String, Object>> keys = keys(response);
		assertThat(keys).extracting((key) -> key.get("state")).contains("active", "next");
		for (Map<String, Object> key : keys) {
			assertThat(key).containsOnlyKeys("kid", "state", "algorithm", "size", "createdAt", "activatedAt",
					"retiredAt", "revokedAt", "published", "sealedUnderCurrentKek");
			assertThat(key).containsEntry("algorithm", "RS256").containsEntry("size", 2048L);
		}
		assertThat(response.body()).doesNotContain("\"d\"").doesNotContain("\"n\"").doesNotContain("PRIVATE")
			.doesNotContain("v1.");
	}

	@Test
	void keyEndpointsAreForAdminsOnly() {
		String user = login(USER).get("access_token").toString();

		for (String[] call : new String[][] { { "GET", "/api/admin/keys" }, { "POST", "/api/admin/keys/rotate" },
				{ "POST", "/api/admin/keys/some-kid/revoke" }, { "POST", "/api/admin/keys/rewrap" } }) {
			assertProblem(http().json(call[0], call[1], null, "Authorization", "Bearer " + user), 403);
			assertProblem(http().json(call[0], call[1], null), 401);
		}
		assertProblem(http().postBody("/api/admin/keys/import", "application/x-pem-file",
				PemKeys.writePrivateKey(RsaKeys.generate()), null, null), 401);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void rewrapReSealsTheKeysOfThePreviousKekUnderTheCurrentOneAndNoKekIsLogged(CapturedOutput output) {
		KeyEncryptionKey previous = KeyEncryptionKey.fromBase64(PREVIOUS_KEK);
		SigningKey row = this.store.load().get(0);
		// as a key sealed before the KEK changed has it
		this.jdbc.sql("update signing_key set private_key = ?, kek_fingerprint = null where kid = ?")
			.params(PrivateKeyEnvelope.seal(this.store.open(row), previous), row.kid())
			.update();
		this.keyRing.reload();
		assertThat(this.keyRing.keysUnderPreviousKek()).isPositive();
		assertThat(this.readiness.health().getDetails()).containsEntry("keysUnderPreviousKek", 1);
		assertThat(keys(admin("GET", "/api/admin/keys"))).filteredOn((key) -> key.get("kid").equals(row.kid()))
			.singleElement()
			.satisfies((key) -> assertThat(key).containsEntry("sealedUnderCurrentKek", false));

		HttpResponse<String> rewrap = admin("POST", "/api/admin/keys/rewrap");

		assertThat(rewrap.statusCode()).as(rewrap.body()).isEqualTo(200);
		assertThat(json(rewrap)).containsOnlyKeys("rewrapped");
		assertThat(((Number) json(rewrap).get("rewrapped")).intValue()).isPositive();
		assertThat(this.keyRing.keysUnderPreviousKek()).isZero();
		assertThat(this.readiness.health().getDetails()).containsEntry("keysUnderPreviousKek", 0);
		assertThat(keys(admin("GET", "/api/admin/keys"))).allSatisfy((key) -> assertThat(key).containsEntry("sealedUnderCurrentKek", true));
		SigningKey resealed = this.store.load().stream().filter((key) -> key.kid().equals(row.kid())).findFirst().orElseThrow();
		assertThat(this.keks.open(resealed.privateKey(), row.kid(), null).underCurrent()).isTrue();
		assertThat(json(admin("POST", "/api/admin/keys/rewrap"))).containsEntry("rewrapped", 0L);
		String adminId = this.jdbc.sql("select id from user_account where email = ?").param(ADMIN).query(String.class).single();
		assertThat(this.jdbc.sql("select actor, outcome from audit_event where action = 'kek.rewrapped' order by id")
			.query((rs, i) -> rs.getString(1) + " " + rs.getString(2))
			.list()).containsExactly("user:" + adminId + " rewrapped " + json(rewrap).get("rewrapped") + " keys",
					"user:" + adminId + " rewrapped 0 keys");
		assertThat(output.getAll()).contains("Re-sealed").doesNotContain(PREVIOUS_KEK)
			.doesNotContain(this.keks.current().toBase64())
			.doesNotContain(PREVIOUS_KEK.substring(0, 16));
	}

	@Test
	void rewrapOfAKeyNoConfiguredKekOpensIsAConflictThatChangesNothing() {
		SigningKey row = this.store.load().get(0);
		String sealedUnderAnUnknownKek = PrivateKeyEnvelope.seal(this.store.open(row), KeyEncryptionKey.generate());
		this.jdbc.sql("update signing_key set private_key = ? where kid = ?").params(sealedUnderAnUnknownKek, row.kid()).update();
		try {
			HttpResponse<String> rewrap = admin("POST", "/api/admin/keys/rewrap");

			assertProblem(rewrap, 409);
			assertThat(json(rewrap).get("detail").toString()).contains(row.kid()).contains("app.keys.previous-keks");
			assertThat(this.jdbc.sql("select private_key from signing_key where kid = ?").param(row.kid()).query(String.class).single())
				.isEqualTo(sealedUnderAnUnknownKek);
		}
		finally {
			this.jdbc.sql("update signing_key set private_key = ? where kid = ?").params(row.privateKey(), row.kid()).update();
		}
	}

	@Test
	void rotationBeforeThePublishLeadIsAConflictThatSaysWhenAndForcingWaitsOnlyForEveryNode() {
		freshNextKey();

		HttpResponse<String> early = admin("POST", "/api/admin/keys/rotate");
		assertProblem(early, 409);
		assertThat(json(early)).containsKey("earliest");
		assertThat(Long.parseLong(early.headers().firstValue("Retry-After").orElseThrow())).isBetween(580L, 601L);
		HttpResponse<String> forcedEarly = admin("POST", "/api/admin/keys/rotate?force=true");
		assertProblem(forcedEarly, 409);
		assertThat(Long.parseLong(forcedEarly.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 241L);

		String next = nextKey(this.keyRing).kid();
		this.clock.advance(PROPAGATION);
		HttpResponse<String> forced = admin("POST", "/api/admin/keys/rotate?force=true");
		assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
		assertThat(keys(forced)).filteredOn((key) -> key.get("kid").equals(next))
			.singleElement()
			.satisfies((key) -> assertThat(key).containsEntry("state", "active"));
		assertProblem(admin("POST", "/api/admin/keys/rotate?force=maybe"), 400);
	}

	@Test
	void rotationAfterThePublishLeadSwitchesTheSigningKeyAndTheJwksFollows() throws ParseException {
		Map<String, Object> before = login(USER);
		String oldKid = kid(before.get("access_token"));
		String oldTag = http().get("/oauth2/jwks").headers().firstValue("ETag").orElseThrow();
		this.clock.advance(PUBLISH_LEAD);

		HttpResponse<String> rotated = admin("POST", "/api/admin/keys/rotate");

		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		assertThat(keys(rotated)).extracting((key) -> key.get("state")).startsWith("next", "active", "retired");
		String newKid = kid(login(USER).get("access_token"));
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(jwksKids()).contains(oldKid, newKid);
		assertThat(http().get("/oauth2/jwks").headers().firstValue("ETag")).isNotEqualTo(Optional.of(oldTag));
		// what the retired key signed stays good
		assertThat(http().json("GET", "/api/auth/me", null, "Authorization", "Bearer " + before.get("access_token"))
			.statusCode()).isEqualTo(200);
		HttpResponse<String> refreshed = refresh(before.get("refresh_token"));
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(kid(json(refreshed).get("refresh_token"))).isEqualTo(newKid);
	}

	@Test
	void revokedKeyLeavesTheJwksAndNothingItSignedIsHonoured() throws ParseException {
		Map<String, Object> login = login(USER);
		String clientToken = clientCredentialsToken();
		String revokedKid = kid(login.get("access_token"));
		assertThat(kid(clientToken)).isEqualTo(revokedKid);
		this.clock.advance(PROPAGATION);

		HttpResponse<String> revoked = admin("POST", "/api/admin/keys/" + revokedKid + "/revoke");

		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(keys(revoked)).filteredOn((key) -> key.get("kid").equals(revokedKid))
			.singleElement()
			.satisfies((key) -> assertThat(key).containsEntry("state", "revoked").containsEntry("published", false));
		assertThat(keys(revoked)).extracting((key) -> key.get("state")).startsWith("next", "active");
		assertThat(jwksKids()).doesNotContain(revokedKid).hasSizeGreaterThanOrEqualTo(2);
		assertThat(http().json("GET", "/api/auth/me", null, "Authorization", "Bearer " + login.get("access_token"))
			.statusCode()).isEqualTo(401);
		assertProblem(refresh(login.get("refresh_token")), 401);
		HttpResponse<String> introspection = http().postForm("/oauth2/introspect", form("token", clientToken),
				"demo-service", "demo-service-secret-change-me");
		assertThat(json(introspection)).containsEntry("active", false);
		assertThat(kid(login(USER).get("access_token"))).isNotEqualTo(revokedKid);
		assertProblem(admin("POST", "/api/admin/keys/no-such-kid/revoke"), 404);
	}

	@Test
	void refreshTokenOfAKeyRevokedOnAnotherNodeIsRefusedBeforeThisNodeSyncs() throws ParseException {
		Map<String, Object> login = login(USER);
		String kid = kid(login.get("refresh_token"));
		this.clock.advance(PUBLISH_LEAD);
		// another node rotates and revokes: the stored ring changes, this node's snapshot does not
		this.store.change((ring, now, newKeys) -> ring.rotate(now, this.policy, false, newKeys.generate()));
		this.store.change((ring, now, newKeys) -> ring.revoke(now, this.policy, kid));
		assertThat(this.keyRing.current().verifies(kid)).isTrue();

		HttpResponse<String> refreshed = refresh(login.get("refresh_token"));

		assertProblem(refreshed, 401);
		assertThat(json(refreshed).get("detail").toString()).contains("revoked key");
		this.keyRing.reload();
		assertThat(this.keyRing.current().verifies(kid)).isFalse();
	}

	@Test
	void importedPemBecomesTheNextKeyAndBadImportsAreClearProblems() throws Exception {
		RSAKey material = RsaKeys.generate();
		String replacedNext = nextKey(this.keyRing).kid();

		HttpResponse<String> imported = importPem(PemKeys.writePrivateKey(material), "application/x-pem-file");

		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
		assertThat(json(imported)).containsEntry("kid", RsaKeys.thumbprint(material))
			.containsEntry("state", "next")
			.containsEntry("published", true);
		assertThat(jwksKids()).contains(RsaKeys.thumbprint(material)).doesNotContain(replacedNext);
		assertThat(imported.body()).doesNotContain("\"d\"");
		assertProblem(importPem(PemKeys.writePrivateKey(material), "text/plain"), 409);
		assertProblem(importPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
				"application/x-pem-file"), 400);
		assertProblem(importPem(PemKeys.writePrivateKey(rsa1024()), "application/x-pem-file"), 400);
		assertProblem(importPem(PemKeys.writePublicKey(material), "application/x-pem-file"), 400);
		assertProblem(importPem("{}", "application/json"), 415);
	}

	@Test
	void nodeThatHasNotReadTheRingForThreeSyncIntervalsIsNotReady() {
		this.keyRing.reload();
		assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(6).plusSeconds(1));
		assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);

		this.keyRing.reload();
		assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	/** A rotation, forced, so that the ring's next key was created just now. */
	@Test
	void theWebAppsOriginCallsTheKeyApiWithABearerTokenAndReadsRetryAfterButNoOtherOriginDoes() {
		// http://localhost:5173 is the origin of demo-web-app's redirect URI (application.yml), not a CORS setting
		String webApp = "http://localhost:5173";
		HttpResponse<String> preflight = preflight("/api/admin/keys", webApp, "GET", "authorization");
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(webApp);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
			.contains("GET", "POST", "PUT", "DELETE");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("authorization");
		assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isPresent();
		assertThat(preflight("/api/admin/keys/rotate", webApp, "POST", "authorization,content-type").statusCode())
			.isEqualTo(200);
		assertThat(preflight("/api/auth/me", webApp, "GET", "authorization").headers()
			.firstValue("Access-Control-Allow-Origin")).hasValue(webApp);

		HttpResponse<String> keys = http().json("GET", "/api/admin/keys", null, "Authorization",
				"Bearer " + login(ADMIN).get("access_token"), "Origin", webApp);
		assertThat(keys.statusCode()).isEqualTo(200);
		assertThat(keys.headers().firstValue("Access-Control-Allow-Origin")).hasValue(webApp);
		assertThat(keys.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(keys.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
			.contains("Retry-After", "WWW-Authenticate", "Location");

		// another origin is refused with a problem document; the cookie endpoints stay with app.cors only
		assertProblem(preflight("/api/admin/keys", "https://evil.example.com", "GET", "authorization"), 403);
		assertProblem(http().json("GET", "/api/admin/keys", null, "Authorization",
				"Bearer " + login(ADMIN).get("access_token"), "Origin", "https://evil.example.com"), 403);
		assertProblem(preflight("/api/auth/login", webApp, "POST", "content-type"), 403);
		assertProblem(preflight("/api/auth/refresh", webApp, "POST", "content-type"), 403);
	}

	private HttpResponse<String> preflight(String path, String origin, String method, String headers) {
		return http().send(HttpRequest.newBuilder(URI.create(http().url(path)))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", method)
			.header("Access-Control-Request-Headers", headers)
			.build());
	}

	private void freshNextKey() {
		this.clock.advance(PROPAGATION);
		assertThat(admin("POST", "/api/admin/keys/rotate?force=true").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> admin(String method, String path) {
		return http().json(method, path, null, "Authorization", "Bearer " + login(ADMIN).get("access_token"));
	}

	private HttpResponse<String> importPem(String pem, String contentType) {
		return http().send(HttpRequest.newBuilder(URI.create(http().url("/api/admin/keys/import")))
			.header("Content-Type", contentType)
			.header("Authorization", "Bearer " + login(ADMIN).get("access_token"))
			.POST(HttpRequest.BodyPublishers.ofString(pem))
			.build());
	}

	private Map<String, Object> login(String email) {
		HttpResponse<String> response = http().json("POST", "/api/auth/login", "{\"email\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"refresh_token_delivery\":\"body\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	private HttpResponse<String> refresh(Object refreshToken) {
		return http().json("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	private String clientCredentialsToken() {
		HttpResponse<String> token = http().postForm("/oauth2/token", form("grant_type", "client_credentials"),
				"demo-service", "demo-service-secret-change-me");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return (String) json(token).get("access_token");
	}

	private List<String> jwksKids() throws ParseException {
		return JWKSet.parse(http().get("/oauth2/jwks").body()).getKeys().stream().map((key) -> key.getKeyID()).toList();
	}

	private static String kid(Object token) throws ParseException {
		return SignedJWT.parse((String) token).getHeader().getKeyID();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> keys(HttpResponse<String> response) {
		try {
			return JSONArrayUtils.parse(response.body()).stream().map((key) -> (Map<String, Object>) key).toList();
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON array: " + response.body(), ex);
		}
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response)).containsEntry("status", (long) status).containsKey("detail");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private static RSAKey rsa1024() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(1024);
		var pair = generator.generateKeyPair();
		return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate()).build();
	}

}
