package dev.tokenservice.auth.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.support.TokenVerifier;
import dev.tokenservice.testsupport.TestHttp;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standard OAuth2 endpoints over real HTTP, run against each database by a subclass.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class TokenEndpointContract {

	static final String CLIENT = "demo-service";

	static final String SECRET = "demo-service-secret-change-me";

	static final String ISSUER = "http://localhost:9000";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	KeyRingService keyRing;

	TestHttp http;

	@BeforeEach
	void client() {
		this.http = TestHttp.localhost(this.port);
	}

	HttpResponse<String> clientCredentials(String... extraParams) {
		Map<String, String> params = form("grant_type", "client_credentials");
		params.putAll(form(extraParams));
		return this.http.postForm("/oauth2/token", params, CLIENT, SECRET);
	}

	String accessToken() {
		HttpResponse<String> response = clientCredentials();
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) json(response).get("access_token");
	}

	@Test
	void clientCredentialsWithBasicAuthIssuesRfc9068AccessToken() throws ParseException {
		HttpResponse<String> response = clientCredentials();

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(value) -> assertThat(value).contains("no-store"));
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer").containsKey("expires_in");
		assertThat(body).doesNotContainKey("refresh_token");

		SignedJWT jwt = TokenVerifier.verify((String) body.get("access_token"), this.http.get("/oauth2/jwks").body());
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getSubject()).isEqualTo(CLIENT);
		assertThat(claims.getAudience()).containsExactly("people-api");
		assertThat(claims.getStringClaim("client_id")).isEqualTo(CLIENT);
		assertThat(claims.getClaim("scope")).isEqualTo("people:read people:write");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void clientCredentialsWithPostAuthAndNarrowerScope() throws ParseException {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", form("grant_type", "client_credentials",
				"client_id", CLIENT, "client_secret", SECRET, "scope", "people:read"), null, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response)).containsEntry("scope", "people:read");
		SignedJWT jwt = TokenVerifier.verify((String) json(response).get("access_token"),
				this.http.get("/oauth2/jwks").body());
		assertThat(jwt.getJWTClaimsSet().getClaim("scope")).isEqualTo("people:read");
	}

	@Test
	void scopeTheClientDoesNotHaveIsInvalidScope() {
		HttpResponse<String> response = clientCredentials("scope", "people:admin");

		assertOAuth2Error(response, 400, "invalid_scope");
	}

	@Test
	void wrongSecretIsInvalidClient() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				CLIENT, "not-the-secret-at-all");

		assertOAuth2Error(response, 401, "invalid_client");
	}

	@Test
	void unknownClientIsInvalidClient() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				"nobody", SECRET);

		assertOAuth2Error(response, 401, "invalid_client");
	}

	@Test
	void missingClientCredentialsIsInvalidClient() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				null, null);

		assertOAuth2Error(response, 401, "invalid_client");
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void unsupportedGrantIsRefused() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token",
				form("grant_type", "password", "username", "a", "password", "b"), CLIENT, SECRET);

		assertOAuth2Error(response, 400, "unsupported_grant_type");
	}

	@Test
	void missingGrantTypeIsInvalidRequest() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", form("scope", "people:read"), CLIENT,
				SECRET);

		assertOAuth2Error(response, 400, "invalid_request");
	}

	@Test
	void jsonBodyIsInvalidRequest() {
		HttpResponse<String> response = this.http.postBody("/oauth2/token", "application/json",
				"{\"grant_type\":\"client_credentials\"}", CLIENT, SECRET);

		assertOAuth2Error(response, 400, "invalid_request");
	}

	@Test
	void wronglyEncodedBodyIsInvalidRequest() {
		HttpResponse<String> response = this.http.postBody("/oauth2/token", "application/x-www-form-urlencoded",
				"grant_type=client_%ZZcredentials&scope=%", CLIENT, SECRET);

		assertOAuth2Error(response, 400, "invalid_request");
	}

	@Test
	void oversizedParametersAreInvalidRequest() {
		// over server.tomcat.max-http-form-post-size (16KB), within app.http.max-body-size (64KB)
		HttpResponse<String> response = clientCredentials("scope", "x".repeat(32 * 1024));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("<html");
	}

	@Test
	void bodyOverTheLimitIsTooLarge() {
		HttpResponse<String> response = clientCredentials("scope", "x".repeat(64 * 1024));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("<html");
		assertThat(clientCredentials().statusCode()).isEqualTo(200);
	}

	@Test
	void repeatedParameterIsInvalidRequest() {
		HttpResponse<String> response = this.http.postBody("/oauth2/token", "application/x-www-form-urlencoded",
				"grant_type=client_credentials&grant_type=client_credentials", CLIENT, SECRET);

		assertOAuth2Error(response, 400, "invalid_request");
	}

	@Test
	void jwksPublishesActiveAndNextKeysWithoutPrivateParameters() {
		HttpResponse<String> response = this.http.get("/oauth2/jwks");

		assertThat(response.statusCode()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> keys = (List<Map<String, Object>>) json(response).get("keys");
		assertThat(keys).hasSize(2);
		for (Map<String, Object> key : keys) {
			assertThat(key).containsEntry("kty", "RSA").containsEntry("use", "sig").containsEntry("alg", "RS256");
			assertThat(key).containsKeys("kid", "n", "e");
			assertThat(key).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth");
		}
	}

	@Test
	void jwksCarriesAnEntityTagAndACacheLifetimeAndAnswersConditionalRequestsWith304() {
		HttpResponse<String> response = this.http.get("/oauth2/jwks");
		String etag = response.headers().firstValue("ETag").orElseThrow();

		assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		HttpResponse<String> unchanged = this.http.send(HttpRequest
			.newBuilder(URI.create(this.http.url("/oauth2/jwks")))
			.header("If-None-Match", etag)
			.build());
		assertThat(unchanged.statusCode()).isEqualTo(304);
		assertThat(unchanged.body()).isEmpty();
		assertThat(unchanged.headers().firstValue("ETag")).hasValue(etag);
		HttpResponse<String> stale = this.http.send(HttpRequest
			.newBuilder(URI.create(this.http.url("/oauth2/jwks")))
			.header("If-None-Match", "\"an-older-tag\"")
			.build());
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.body()).isEqualTo(response.body());
		assertThat(this.http.postForm("/oauth2/jwks", Map.of(), null, null).statusCode()).isGreaterThanOrEqualTo(400);
	}

	@Test
	void discoveryDocumentsNameTheIssuerAndItsEndpoints() {
		for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
			HttpResponse<String> response = this.http.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			Map<String, Object> metadata = json(response);
			assertThat(metadata).containsEntry("issuer", ISSUER)
				.containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
				.containsEntry("token_endpoint", ISSUER + "/oauth2/token");
			assertThat(metadata.get("grant_types_supported")).asInstanceOf(InstanceOfAssertFactories.LIST)
				.contains("client_credentials");
			assertThat(metadata.get("token_endpoint_auth_methods_supported"))
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.contains("client_secret_basic", "client_secret_post");
		}
	}

	@Test
	void introspectionFindsIssuedTokenAndRevocationEndsIt() {
		String token = accessToken();

		HttpResponse<String> active = this.http.postForm("/oauth2/introspect", form("token", token), CLIENT, SECRET);
		assertThat(active.statusCode()).as(active.body()).isEqualTo(200);
		assertThat(json(active)).containsEntry("active", true).containsEntry("client_id", CLIENT);

		HttpResponse<String> revoked = this.http.postForm("/oauth2/revoke", form("token", token), CLIENT, SECRET);
		assertThat(revoked.statusCode()).isEqualTo(200);
		HttpResponse<String> after = this.http.postForm("/oauth2/introspect", form("token", token), CLIENT, SECRET);
		assertThat(json(after)).containsEntry("active", false);
	}

	@Test
	void clientCredentialsGrantWritesNoRowAndARevocationOnlyTheTokensHash() {
		int before = this.jdbc.sql("select count(*) from oauth2_authorization").query(Integer.class).single();
		String token = accessToken();
		assertThat(this.jdbc.sql("select count(*) from oauth2_authorization").query(Integer.class).single())
			.isEqualTo(before);

		this.http.postForm("/oauth2/revoke", form("token", token), CLIENT, SECRET);

		List<Map<String, Object>> rows = this.jdbc.sql("select * from revoked_access_token").query().listOfRows();
		assertThat(rows).isNotEmpty();
		String signature = token.substring(token.lastIndexOf('.') + 1);
		for (Map<String, Object> row : rows) {
			for (Object value : row.values()) {
				assertThat(String.valueOf(value)).doesNotContain(token).doesNotContain(signature);
			}
			assertThat((String) row.get("token_hash")).startsWith("sha256:");
		}
	}

	@Test
	void introspectionTellsTheClaimsOfAnActiveTokenAndNothingOfAForeignOne() {
		String token = accessToken();

		Map<String, Object> active = json(this.http.postForm("/oauth2/introspect", form("token", token), CLIENT, SECRET));

		assertThat(active).containsEntry("active", true)
			.containsEntry("client_id", CLIENT)
			.containsEntry("sub", CLIENT)
			.containsEntry("token_type", "Bearer")
			.containsEntry("iss", ISSUER)
			.containsKeys("exp", "iat", "jti", "scope");
		String tampered = token.substring(0, token.length() - 4) + "AAAA";
		assertThat(json(this.http.postForm("/oauth2/introspect", form("token", tampered), CLIENT, SECRET)))
			.containsEntry("active", false);
		assertThat(json(this.http.postForm("/oauth2/introspect", form("token", "not-a-token"), CLIENT, SECRET)))
			.containsEntry("active", false);
	}

	@Test
	void privateKeysAreSealedAtRest() throws JOSEException {
		List<Map<String, Object>> rows = this.jdbc.sql("select kid, state, private_key, public_jwk from signing_key")
			.query()
			.listOfRows();

		assertThat(rows).extracting((row) -> row.get("state")).containsExactlyInAnyOrder("active", "next");
		// the active key's own private material, in the forms a leak would take (a JWK's d, PKCS#8 DER in
		// base64): checked exactly, since a sealed value is random base64url that may hold any short string
		RSAKey active = this.keyRing.current().signingKey();
		String pkcs8 = Base64.getEncoder().encodeToString(active.toRSAPrivateKey().getEncoded()).substring(0, 64);
		for (Map<String, Object> row : rows) {
			String sealed = (String) row.get("private_key");
			assertThat(sealed).startsWith("v1.")
				.doesNotContain("PRIVATE KEY")
				.doesNotContain(active.getPrivateExponent().toString())
				.doesNotContain(pkcs8);
			assertThat((String) row.get("public_jwk")).doesNotContain("\"d\"");
		}
	}

	@Test
	void clientSecretIsStoredHashed() {
		String stored = this.jdbc.sql("select client_secret from oauth2_registered_client where client_id = ?")
			.param(CLIENT)
			.query(String.class)
			.single();

		assertThat(stored).startsWith("{sha256}").doesNotContain(SECRET);
	}

	@Test
	void noTokenOrSecretIsLogged(CapturedOutput output) {
		String token = accessToken();
		this.http.postForm("/oauth2/introspect", form("token", token), CLIENT, SECRET);
		this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"), CLIENT, SECRET + "-wrong");

		String signature = token.substring(token.lastIndexOf('.') + 1);
		assertThat(output.getAll()).isNotBlank()
			.doesNotContain(signature)
			.doesNotContain(SECRET)
			.doesNotContain("PRIVATE KEY");
	}

	static void assertOAuth2Error(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(json(response)).containsEntry("error", error);
	}

}
