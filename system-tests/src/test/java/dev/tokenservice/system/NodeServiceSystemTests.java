package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: the example service in another language ({@code examples/node-service}, Node with jose)
 * trusts the real auth-server jar as our README's "Trusting this issuer from another service" says:
 * tokens for its audience pass, tokens for another audience, expired, unsigned, HS256, foreign-signed or
 * of another {@code typ} are refused, and a forced key rotation is followed without a restart, with at
 * most one JWKS fetch per cooldown however many unknown kids arrive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeServiceSystemTests {

	static final String ADMIN_EMAIL = "admin@example.com";

	static final String ADMIN_PASSWORD = "lighthouse keeper plays oboe at dawn";

	static final String SECRET = "node-service-tests-secret-0123456789";

	static final String AUDIENCE = "greeting-api";

	static final Duration COOLDOWN = Duration.ofSeconds(2);

	@TempDir
	static Path data;

	static ServerProcess authServer;

	static NodeService nodeService;

	final TestHttp http = TestHttp.absolute();

	@BeforeAll
	static void startServers() {
		int authPort = ServerProcess.freePort();
		Map<String, String> auth = new HashMap<>(Map.of("APP_ISSUER_URI", "http://localhost:" + authPort,
				"APP_STORAGE_DATADIR", data.resolve("auth").toString(), "APP_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL,
				"APP_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD, "APP_KEYS_SYNCINTERVAL", "1s"));
		client(auth, 0, "greeting-client", "greeting:read people:read", "greeting-api,people-api", null);
		client(auth, 1, "people-client", "people:read", "people-api", null);
		client(auth, 2, "unscoped-client", "greeting:list", AUDIENCE, null);
		client(auth, 3, "short-lived-client", "greeting:read", AUDIENCE, "PT3S");
		authServer = ServerProcess.start("auth-server", "authServerJar", authPort, auth);
		nodeService = startNodeService();
	}

	@AfterAll
	static void stopServers() {
		if (nodeService != null) {
			nodeService.close();
		}
		ServerProcess.stopAll(authServer);
	}

	@Test
	void tokenForItsAudienceIsGreetedWithSubjectAndScopes() {
		HttpResponse<String> response = greeting(nodeService, token("greeting-client"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response)).containsEntry("sub", "greeting-client")
			.containsEntry("scopes", List.of("greeting:read", "people:read"));
	}

	@Test
	void tokenForThePeopleApiOnlyIsRefused() {
		assertInvalidToken(greeting(nodeService, token("people-client")));
	}

	@Test
	void tokenWithoutTheRequiredScopeIsForbidden() {
		HttpResponse<String> response = greeting(nodeService, token("unscoped-client"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("insufficient_scope"));
	}

	@Test
	void requestWithoutTokenIsUnauthorized() {
		HttpResponse<String> response = this.http.get(nodeService.url() + "/api/greeting");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void expiredTokenIsRefusedOncePastTheClockTolerance() {
		String token = token("short-lived-client");
		assertThat(greeting(nodeService, token).statusCode()).isEqualTo(200);

		// 3 s lifetime + the service's 1 s tolerance
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> greeting(nodeService, token).statusCode() == 401);
		assertInvalidToken(greeting(nodeService, token));
	}

	@Test
	void forgedTokensAreRefused() throws Exception {
		SignedJWT real = SignedJWT.parse(token("greeting-client"));
		String kid = real.getHeader().getKeyID();
		JWTClaimsSet claims = real.getJWTClaimsSet();
		JWTClaimsSet expired = new JWTClaimsSet.Builder(claims)
			.issueTime(Date.from(Instant.now().minusSeconds(3600)))
			.notBeforeTime(Date.from(Instant.now().minusSeconds(3600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(600)))
			.build();
		RSAKey foreign = new RSAKeyGenerator(2048).keyID(kid).generate();
		JOSEObjectType atJwt = new JOSEObjectType("at+jwt");

		String unsigned = new PlainJWT(new PlainHeader.Builder().type(atJwt).build(), claims).serialize();
		SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(atJwt).keyID(kid).build(),
				claims);
		hs256.sign(new MACSigner(new byte[32]));
		String foreignSigned = rs256(foreign, atJwt, kid, claims);
		String plainJwtType = rs256(foreign, JOSEObjectType.JWT, kid, claims);
		String expiredForeign = rs256(foreign, atJwt, kid, expired);
		// the real token with its signature cut off
		String stripped = real.getParsedParts()[0] + "." + real.getParsedParts()[1] + ".";

		for (String forged : List.of(unsigned, hs256.serialize(), foreignSigned, plainJwtType, expiredForeign,
				stripped, "not-a-jwt")) {
			assertInvalidToken(greeting(nodeService, forged));
		}
		assertThat(greeting(nodeService, real.serialize()).statusCode()).isEqualTo(200);
	}

	// last: the other tests' shared service then meets the new signing key only once, past its cooldown
	@Test
	@Order(Integer.MAX_VALUE)
	void newKeyIsTrustedAfterAForcedRotationWithoutRestartAndUnknownKidsFetchAtMostOncePerCooldown()
			throws Exception {
		try (NodeService service = startNodeService()) {
			String before = token("greeting-client");
			assertThat(greeting(service, before).statusCode()).isEqualTo(200);
			assertThat(service.jwksFetches()).isEqualTo(1);
			Set<String> fetchedKids = KeyAdmin.publishedKids(this.http, authServer.url());

			// the next key was already published: rotate twice so that the signing key is one the service never saw
			KeyAdmin admin = new KeyAdmin(this.http, authServer.url(), new FirstPartyApi()
				.logInOrFail(authServer.url(), ADMIN_EMAIL, ADMIN_PASSWORD)
				.accessToken());
			forceRotation();
			forceRotation();
			String after = token("greeting-client");
			assertThat(TokenPair.kid(after)).isEqualTo(KeyAdmin.kidInState(admin.list(), "active"))
				.isNotIn(fetchedKids);

			// within the cooldown of the first fetch an unknown kid is refused; past it, one refetch finds it
			await().atMost(COOLDOWN.multipliedBy(5))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> greeting(service, after).statusCode() == 200);
			assertThat(service.jwksFetches()).isEqualTo(2);
			assertThat(greeting(service, before).statusCode()).as("the retired key's token").isEqualTo(200);

			// bogus kids from 8 threads for over two cooldowns: every one refused, one JWKS fetch per cooldown at most
			RSAKey foreign = new RSAKeyGenerator(2048).generate();
			JWTClaimsSet claims = SignedJWT.parse(after).getJWTClaimsSet();
			long fetchesBefore = service.jwksFetches();
			long started = System.nanoTime();
			Duration span = COOLDOWN.multipliedBy(5).dividedBy(2);
			List<Integer> statuses = new ArrayList<>();
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<List<Integer>>> workers = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					workers.add(pool.submit(() -> {
						List<Integer> seen = new ArrayList<>();
						while (System.nanoTime() - started < span.toNanos()) {
							String bogus = rs256(foreign, new JOSEObjectType("at+jwt"), UUID.randomUUID().toString(),
									claims);
							seen.add(greeting(service, bogus).statusCode());
						}
						return seen;
					}));
				}
				for (Future<List<Integer>> worker : workers) {
					statuses.addAll(worker.get());
				}
			}
			finally {
				pool.shutdownNow();
			}
			Duration burst = Duration.ofNanos(System.nanoTime() - started);
			long fetched = service.jwksFetches() - fetchesBefore;
			System.out.printf("%d bogus-kid tokens in %d ms: %d JWKS fetches%n", statuses.size(), burst.toMillis(),
					fetched);
			assertThat(statuses).hasSizeGreaterThan(100).containsOnly(401);
			assertThat(fetched).isBetween(1L, burst.toMillis() / COOLDOWN.toMillis() + 1);
			assertThat(greeting(service, after).statusCode()).isEqualTo(200);
			assertThat(service.logText()).doesNotContain(after).doesNotContain(before);
		}
	}

	private void forceRotation() {
		String admin = new FirstPartyApi().logInOrFail(authServer.url(), ADMIN_EMAIL, ADMIN_PASSWORD).accessToken();
		// a key signs only once it has existed for twice the sync interval, forced or not: 409 until then
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
			HttpResponse<String> rotated = this.http.json("POST", authServer.url() + "/api/admin/keys/rotate?force=true",
					null, TestHttp.bearer(admin));
			assertThat(rotated.statusCode()).as(rotated.body()).isIn(200, 409);
			return rotated.statusCode() == 200;
		});
	}

	private static NodeService startNodeService() {
		return NodeService.start(Map.of("ISSUER", "http://localhost:" + authServer.port(), "AUDIENCE", AUDIENCE,
				"REQUIRED_SCOPE", "greeting:read", "JWKS_COOLDOWN_SECONDS", String.valueOf(COOLDOWN.toSeconds()),
				"CLOCK_TOLERANCE_SECONDS", "1"));
	}

	private static void client(Map<String, String> env, int index, String id, String scopes, String audiences,
			String timeToLive) {
		String prefix = "APP_CLIENTS_" + index + "_";
		env.put(prefix + "CLIENTID", id);
		env.put(prefix + "CLIENTSECRET", SECRET);
		env.put(prefix + "SCOPES", scopes.replace(' ', ','));
		env.put(prefix + "AUDIENCES", audiences);
		if (timeToLive != null) {
			env.put(prefix + "ACCESSTOKENTIMETOLIVE", timeToLive);
		}
	}

	private String token(String clientId) {
		HttpResponse<String> token = this.http.postForm(authServer.url() + "/oauth2/token",
				TestHttp.form("grant_type", "client_credentials"), clientId, SECRET);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return (String) json(token).get("access_token");
	}

	private HttpResponse<String> greeting(NodeService service, String token) {
		return this.http.get(service.url() + "/api/greeting", TestHttp.bearer(token));
	}

	private static String rs256(RSAKey key, JOSEObjectType type, String kid, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).keyID(kid).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static void assertInvalidToken(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
	}

}
