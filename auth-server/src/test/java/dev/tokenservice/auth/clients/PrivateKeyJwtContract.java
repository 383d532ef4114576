package dev.tokenservice.auth.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.support.TokenVerifier;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.testsupport.TestHttp;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tokenservice.auth.support.Race.race;
import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code private_key_jwt} client authentication (RFC 7523, OpenID Connect Core §9) over real HTTP, on each
 * database by a subclass: clients with an inline JWK set and with a JWK set URL (served by a small local HTTP
 * server) get client-credentials tokens with assertions minted here with Nimbus; every assertion that must
 * not pass is {@code invalid_client}.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(MutableClockConfig.class)
abstract class PrivateKeyJwtContract {

	static final String ISSUER = "http://localhost:9000";

	static final String TOKEN_ENDPOINT = ISSUER + "/oauth2/token";

	static final String INLINE_CLIENT = "keyed-service";

	static final String URL_CLIENT = "url-keyed-service";

	static final String SECRET_CLIENT = "secret-service";

	static final String SECRET = "secret-service-secret-0123456789";

	static final RSAKey INLINE_RSA = rsa("inline-rsa");

	static final ECKey INLINE_EC = ec("inline-ec");

	static final RSAKey REMOTE_RSA = rsa("remote-rsa");

	static final AtomicInteger JWKS_FETCHES = new AtomicInteger();

	static final HttpServer JWKS_SERVER = jwksServer(new JWKSet(REMOTE_RSA.toPublicJWK()));

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	UsedClientAssertions usedAssertions;

	TestHttp http;

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		String jwksUri = "http://127.0.0.1:" + JWKS_SERVER.getAddress().getPort() + "/jwks.json";
		String inlineJwks = new JWKSet(List.of(INLINE_RSA.toPublicJWK(), INLINE_EC.toPublicJWK())).toString();
		Map<String, String> settings = Map.ofEntries(Map.entry("app.clients[0].client-id", INLINE_CLIENT),
				Map.entry("app.clients[0].authentication-methods", "private_key_jwt"),
				Map.entry("app.clients[0].jwks", inlineJwks), Map.entry("app.clients[0].scopes", "people:read"),
				Map.entry("app.clients[0].audiences", "people-api"),
				Map.entry("app.clients[1].client-id", URL_CLIENT),
				Map.entry("app.clients[1].authentication-methods", "private_key_jwt"),
				Map.entry("app.clients[1].jwks-uri", jwksUri), Map.entry("app.clients[1].scopes", "people:read"),
				Map.entry("app.clients[1].audiences", "people-api"),
				Map.entry("app.clients[2].client-id", SECRET_CLIENT),
				Map.entry("app.clients[2].client-secret", SECRET), Map.entry("app.clients[2].scopes", "people:read"),
				Map.entry("app.clients[2].audiences", "people-api"));
		settings.forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeEach
	void client() {
		this.http = TestHttp.localhost(this.port);
		this.clock.reset();
	}

	@Test
	void aClientWithAnInlineJwksGetsAClientCredentialsToken() throws ParseException {
		HttpResponse<String> response = token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> {
		}));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		SignedJWT token = TokenVerifier.verify((String) json(response).get("access_token"),
				this.http.get("/oauth2/jwks").body());
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(INLINE_CLIENT);
		assertThat(token.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo(INLINE_CLIENT);
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("people-api");
		assertThat(token.getJWTClaimsSet().getClaim("scope")).isEqualTo("people:read");
	}

	@Test
	void anEcKeyOfTheSetSignsWithEs256AndTheTokenEndpointIsAnAudienceToo() {
		HttpResponse<String> response = token(INLINE_CLIENT,
				assertion(INLINE_EC, INLINE_CLIENT, (claims) -> claims.audience(TOKEN_ENDPOINT)));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void aClientWithAJwksUriGetsAClientCredentialsToken() {
		HttpResponse<String> response = token(URL_CLIENT, assertion(REMOTE_RSA, URL_CLIENT, (claims) -> {
		}));
		int fetches = JWKS_FETCHES.get();
		HttpResponse<String> again = token(URL_CLIENT, assertion(REMOTE_RSA, URL_CLIENT, (claims) -> {
		}));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(JWKS_FETCHES).as("the client's JWK set is cached").hasValue(fetches);
	}

	@Test
	void aReplayedAssertionIsInvalidClient() {
		String assertion = assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> {
		});
		assertThat(token(INLINE_CLIENT, assertion).statusCode()).isEqualTo(200);

		assertInvalidClient(token(INLINE_CLIENT, assertion));
		// a new assertion with the same jti is a replay too
		String jti = UUID.randomUUID().toString();
		assertThat(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.jwtID(jti)))
			.statusCode()).isEqualTo(200);
		assertInvalidClient(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.jwtID(jti))));
	}

	@Test
	void ofConcurrentRequestsWithOneAssertionOnlyOneIsAccepted() throws Exception {
		String assertion = assertion(REMOTE_RSA, URL_CLIENT, (claims) -> {
		});

		List<Integer> statuses = race(6, (i) -> token(URL_CLIENT, assertion).statusCode());

		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 401).hasSize(5);
	}

	@Test
	void anAssertionForAnotherAudienceIsInvalidClient() {
		for (List<String> audience : List.of(List.of("https://other.example.com"), List.of(ISSUER + "/oauth2/introspect"),
				List.of(ISSUER, "https://other.example.com"), List.of(ISSUER + "/"))) {
			assertInvalidClient(token(INLINE_CLIENT,
					assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.audience(audience))));
		}
	}

	@Test
	void anExpiredOrLongLivedOrFutureAssertionIsInvalidClient() {
		Instant now = this.clock.instant();
		// expired beyond the 30s clock skew
		assertInvalidClient(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT,
				(claims) -> claims.issueTime(Date.from(now.minusSeconds(120))).expirationTime(Date.from(now.minusSeconds(60))))));
		// lives longer than 5 minutes
		assertInvalidClient(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT,
				(claims) -> claims.expirationTime(Date.from(now.plus(Duration.ofMinutes(5)).plusSeconds(1))))));
		// no exp, no iat
		assertInvalidClient(token(INLINE_CLIENT,
				assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.expirationTime(null))));
		assertInvalidClient(
				token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.issueTime(null))));
		// issued in the future
		assertInvalidClient(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims
			.issueTime(Date.from(now.plusSeconds(120)))
			.expirationTime(Date.from(now.plusSeconds(180))))));
		// not yet valid
		assertInvalidClient(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT,
				(claims) -> claims.notBeforeTime(Date.from(now.plusSeconds(120))))));
	}

	@Test
	void anAssertionWithinTheLimitsAfterTheClockMovedIsAcceptedAndExpiresWithIt() {
		String assertion = assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> {
		});
		this.clock.advance(Duration.ofSeconds(60 + 31));

		assertInvalidClient(token(INLINE_CLIENT, assertion));
	}

	@Test
	void wrongIssuerSubjectOrMissingJtiIsInvalidClient() {
		assertInvalidClient(
				token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.issuer(URL_CLIENT))));
		assertInvalidClient(
				token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.subject(URL_CLIENT))));
		assertInvalidClient(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.jwtID(null))));
		// another client's key: the URL client's assertion presented for the inline client
		assertInvalidClient(token(INLINE_CLIENT, assertion(REMOTE_RSA, INLINE_CLIENT, (claims) -> {
		})));
	}

	@Test
	void hs256WithAnySecretAndUnsignedAssertionsAreInvalidClient() throws JOSEException {
		for (String client : List.of(INLINE_CLIENT, SECRET_CLIENT)) {
			for (byte[] secret : List.of(SECRET.getBytes(StandardCharsets.UTF_8),
					"an HMAC key of at least 256 bits, anyone's".getBytes(StandardCharsets.UTF_8))) {
				SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(client).build());
				hs256.sign(new MACSigner(padded(secret)));
				assertInvalidClient(token(client, hs256.serialize()));
			}
		}
		assertInvalidClient(token(INLINE_CLIENT, new PlainJWT(claims(INLINE_CLIENT).build()).serialize()));
	}

	@Test
	void anUnknownKeyIsInvalidClient() {
		// another key under a known kid, and another key under an unknown kid (the URL client refetches once)
		assertInvalidClient(token(INLINE_CLIENT, assertion(rsa("inline-rsa"), INLINE_CLIENT, (claims) -> {
		})));
		assertInvalidClient(token(INLINE_CLIENT, assertion(rsa("stranger"), INLINE_CLIENT, (claims) -> {
		})));
		assertInvalidClient(token(URL_CLIENT, assertion(rsa("remote-rsa"), URL_CLIENT, (claims) -> {
		})));
		assertInvalidClient(token(URL_CLIENT, assertion(rsa("stranger"), URL_CLIENT, (claims) -> {
		})));
	}

	@Test
	void aKeyBasedClientHasNoSecretAndASecretClientNoAssertion() {
		HttpResponse<String> basic = this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				INLINE_CLIENT, SECRET);
		assertInvalidClient(basic);
		// a client registered with a secret cannot authenticate with a key
		assertInvalidClient(token(SECRET_CLIENT, assertion(INLINE_RSA, SECRET_CLIENT, (claims) -> {
		})));
	}

	@Test
	void theClientIntrospectsAndRevokesWithAssertionsToo() {
		String token = (String) json(token(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> {
		}))).get("access_token");

		HttpResponse<String> active = this.http.postForm("/oauth2/introspect",
				assertionForm(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> {
				}), "token", token), null, null);
		assertThat(active.statusCode()).as(active.body()).isEqualTo(200);
		assertThat(json(active)).containsEntry("active", true).containsEntry("client_id", INLINE_CLIENT);
		HttpResponse<String> revoked = this.http.postForm("/oauth2/revoke",
				assertionForm(INLINE_CLIENT, assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> {
				}), "token", token), null, null);
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
	}

	@Test
	void discoveryListsPrivateKeyJwtAndItsAlgorithms() {
		for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
			Map<String, Object> metadata = json(this.http.get(path));
			assertThat(metadata.get("token_endpoint_auth_methods_supported"))
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.contains("private_key_jwt")
				.doesNotContain("client_secret_jwt");
			assertThat(metadata.get("token_endpoint_auth_signing_alg_values_supported"))
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.contains("RS256", "ES256")
				.doesNotContain("HS256", "none");
		}
	}

	@Test
	void usedAssertionsAreStoredAsHashesAndPurgedOnceExpired(CapturedOutput output) {
		String jti = "jti-" + UUID.randomUUID();
		String assertion = assertion(INLINE_RSA, INLINE_CLIENT, (claims) -> claims.jwtID(jti));
		assertThat(token(INLINE_CLIENT, assertion).statusCode()).isEqualTo(200);
		assertInvalidClient(token(INLINE_CLIENT, assertion));

		assertThat(this.jdbc.sql("select count(*) from client_assertion where jti_hash like ?")
			.param("%" + jti + "%")
			.query(Integer.class)
			.single()).isZero();
		int rows = this.jdbc.sql("select count(*) from client_assertion where client_id = ?")
			.param(INLINE_CLIENT)
			.query(Integer.class)
			.single();
		assertThat(rows).isPositive();
		// nothing of the assertion in the logs: not the JWT, not its jti
		assertThat(output.getAll()).doesNotContain(assertion)
			.doesNotContain(assertion.substring(assertion.lastIndexOf('.') + 1))
			.doesNotContain(jti);

		// still refused while it could be accepted: the purge keeps it until exp + clock skew
		Instant exp = this.jdbc.sql("select max(expires_at) from client_assertion where client_id = ?")
			.param(INLINE_CLIENT)
			.query(Timestamp.class)
			.single()
			.toInstant();
		this.usedAssertions.purge(exp);
		assertThat(count(INLINE_CLIENT)).isPositive();
		this.usedAssertions.purge(exp.plus(Duration.ofMinutes(1)));
		assertThat(count(INLINE_CLIENT)).isZero();
	}

	private int count(String clientId) {
		return this.jdbc.sql("select count(*) from client_assertion where client_id = ?")
			.param(clientId)
			.query(Integer.class)
			.single();
	}

	HttpResponse<String> token(String clientId, String assertion) {
		return this.http.postForm("/oauth2/token", assertionForm(clientId, assertion, "grant_type", "client_credentials"),
				null, null);
	}

	static Map<String, String> assertionForm(String clientId, String assertion, String... params) {
		Map<String, String> form = form(params);
		form.putAll(form("client_id", clientId, "client_assertion_type",
				"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion));
		return form;
	}

	static void assertInvalidClient(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_client");
	}

	JWTClaimsSet.Builder claims(String clientId) {
		Instant now = this.clock.instant();
		return new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(ISSUER)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)));
	}

	String assertion(JWK key, String clientId, Consumer<JWTClaimsSet.Builder> changes) {
		JWTClaimsSet.Builder claims = claims(clientId);
		changes.accept(claims);
		try {
			JWSSigner signer = (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
			JWSAlgorithm algorithm = (key instanceof ECKey) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
					claims.build());
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] padded(byte[] secret) {
		return (secret.length >= 32) ? secret : java.util.Arrays.copyOf(secret, 32);
	}

	static RSAKey rsa(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ECKey ec(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The JDK's HTTP server on a free loopback port, publishing {@code jwks} at {@code /jwks.json}. */
	private static HttpServer jwksServer(JWKSet jwks) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			byte[] body = jwks.toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks.json", (exchange) -> {
				JWKS_FETCHES.incrementAndGet();
				exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
