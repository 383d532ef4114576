package dev.tokenservice.auth.session;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.support.TokenVerifier;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static dev.tokenservice.auth.support.Race.race;
import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token-endpoint side of the authorization-code flow over real HTTP: code exchange with PKCE, the
 * tokens it gives, refresh rotation for public and confidential clients on the refresh families, reuse
 * and replay, revocation, userinfo, discovery and CORS. Codes are obtained as SAS's authorization
 * endpoint stores them (an authorization with the request, the principal and the code), without the
 * login pages. Run against each database by a subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "app.refresh.reuse-leeway=0s")
@ActiveProfiles("codeflow")
@Import(MutableClockConfig.class)
abstract class CodeFlowContract extends CodeFlowSupport {

	// ---- the code exchange

	@Test
	void codeExchangeGivesAnAtJwtAnRtJwtAndAnIdToken() throws ParseException {
		Instant authTime = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid", "email", "roles", "people:read"), authTime);

		HttpResponse<String> response = exchange(pending, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(value) -> assertThat(value).contains("no-store"));
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer").containsKeys("expires_in", "refresh_token", "id_token");
		assertThat(body.get("scope").toString().split(" ")).containsExactlyInAnyOrder("openid", "email", "roles",
				"people:read");
		String jwks = this.http.get("/oauth2/jwks").body();

		SignedJWT access = TokenVerifier.verify((String) body.get("access_token"), jwks);
		assertThat(access.getHeader().getType().getType()).isEqualTo("at+jwt");
		JWTClaimsSet at = access.getJWTClaimsSet();
		assertThat(at.getIssuer()).isEqualTo(ISSUER);
		assertThat(at.getSubject()).isEqualTo(this.user.id());
		assertThat(at.getAudience()).containsExactly("people-api");
		assertThat(at.getStringClaim("client_id")).isEqualTo("spa");
		assertThat(at.getStringClaim("scope")).isEqualTo("email openid people:read roles");
		assertThat(at.getStringListClaim("roles")).containsExactly("user");
		assertThat(at.getStringClaim("sid")).isEqualTo(pending.authorizationId());
		assertThat(at.getStringClaim("email")).isEqualTo(this.user.email());
		assertThat(at.getJWTID()).isNotBlank();

		SignedJWT refresh = TokenVerifier.verify((String) body.get("refresh_token"), jwks);
		assertThat(refresh.getHeader().getType().getType()).isEqualTo("rt+jwt");
		assertThat(refresh.getJWTClaimsSet().getAudience()).containsExactly(ISSUER + "/oauth2/token");
		assertThat(refresh.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("spa");
		assertThat(refresh.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(pending.authorizationId());

		SignedJWT id = TokenVerifier.verify((String) body.get("id_token"), jwks);
		JWTClaimsSet idClaims = id.getJWTClaimsSet();
		assertThat(idClaims.getIssuer()).isEqualTo(ISSUER);
		assertThat(idClaims.getSubject()).isEqualTo(this.user.id());
		assertThat(idClaims.getAudience()).containsExactly("spa");
		assertThat(idClaims.getStringClaim("azp")).isEqualTo("spa");
		assertThat(idClaims.getStringClaim("nonce")).isEqualTo(pending.nonce());
		assertThat(idClaims.getDateClaim("auth_time").toInstant()).isEqualTo(authTime);
		assertThat(idClaims.getStringClaim("sid")).isEqualTo(pending.authorizationId());
		assertThat(idClaims.getStringClaim("at_hash")).isEqualTo(atHash((String) body.get("access_token")));
		assertThat(idClaims.getStringClaim("email")).isEqualTo(this.user.email());
		assertThat(familyClient(pending.authorizationId())).isEqualTo("spa");
	}

	@Test
	void withoutOpenidThereIsNoIdTokenAndNoEmailClaim() throws ParseException {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("people:read"), Instant.now());

		Map<String, Object> body = json(exchange(pending, null));

		assertThat(body).containsKeys("access_token", "refresh_token").doesNotContainKey("id_token");
		JWTClaimsSet at = SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet();
		assertThat(at.getClaim("email")).isNull();
		assertThat(at.getStringClaim("scope")).isEqualTo("people:read");
	}

	@Test
	void aReplayedCodeIsInvalidGrantAndEndsTheSessionItStarted() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid", "people:read"), Instant.now());
		Map<String, Object> first = json(exchange(pending, null));

		HttpResponse<String> replay = exchange(pending, null);

		assertOAuth2Error(replay, 400, "invalid_grant");
		assertThat(revokedReason(pending.authorizationId())).isEqualTo("code-replay");
		assertOAuth2Error(refresh("spa", (String) first.get("refresh_token")), 400, "invalid_grant");
		assertThat(this.http.get("/userinfo", "Authorization", "Bearer " + first.get("access_token")).statusCode())
			.isEqualTo(401);
	}

	@Test
	void aWrongCodeVerifierIsInvalidGrant() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("people:read"), Instant.now());

		HttpResponse<String> response = this.http.postForm("/oauth2/token",
				form("grant_type", "authorization_code", "code", pending.code(), "redirect_uri", SPA_REDIRECT,
						"client_id", "spa", "code_verifier", verifier()),
				null, null);

		assertOAuth2Error(response, 400, "invalid_grant");
		assertThat(json(exchange(pending, null))).containsKey("access_token");
	}

	@Test
	void aMissingCodeVerifierIsRefused() {
		Pending pending = authorize("web", WEB_REDIRECT, Set.of("people:read"), Instant.now());

		HttpResponse<String> response = this.http.postForm("/oauth2/token", form("grant_type", "authorization_code",
				"code", pending.code(), "redirect_uri", WEB_REDIRECT), "web", WEB_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void anotherClientsCodeIsInvalidGrant() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());

		HttpResponse<String> response = this.http.postForm("/oauth2/token",
				form("grant_type", "authorization_code", "code", pending.code(), "redirect_uri", SPA_REDIRECT,
						"client_id", "other-spa", "code_verifier", pending.verifier()),
				null, null);

		assertOAuth2Error(response, 400, "invalid_grant");
	}

	@Test
	void codesLiveSixtySecondsAndClientsRequirePkce() {
		RegisteredClient spa = this.clients.findByClientId("spa");
		assertThat(spa.getTokenSettings().getAuthorizationCodeTimeToLive()).isEqualTo(Duration.ofSeconds(60));
		assertThat(spa.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(spa.getClientSettings().isRequireAuthorizationConsent()).isFalse();
		assertThat(spa.getClientSecret()).isNull();
		assertThat(spa.getRedirectUris()).containsExactly(SPA_REDIRECT);
		assertThat(this.clients.findByClientId("web").getClientSettings().isRequireProofKey()).isTrue();
	}

	@Test
	void aConfidentialClientExchangesAndRefreshesWithItsSecret() throws ParseException {
		Pending pending = authorize("web", WEB_REDIRECT, Set.of("openid", "people:read"), Instant.now());

		Map<String, Object> body = json(exchange(pending, WEB_SECRET));
		assertThat(body).containsKeys("access_token", "refresh_token", "id_token");
		JWTClaimsSet at = SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet();
		assertThat(at.getAudience()).containsExactly("people-api", "billing-api");
		assertThat(Duration.between(at.getIssueTime().toInstant(), at.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(5));

		HttpResponse<String> withoutSecret = refresh("web", (String) body.get("refresh_token"));
		assertOAuth2Error(withoutSecret, 401, "invalid_client");
		HttpResponse<String> refreshed = this.http.postForm("/oauth2/token",
				form("grant_type", "refresh_token", "refresh_token", (String) body.get("refresh_token")), "web",
				WEB_SECRET);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(json(refreshed)).containsKeys("access_token", "refresh_token");
	}

	// ---- refresh at the token endpoint

	@Test
	void aPublicClientRefreshRotatesWithinTheSameSession() throws ParseException {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid", "people:read", "people:write"),
				Instant.now());
		String first = (String) json(exchange(pending, null)).get("refresh_token");

		HttpResponse<String> response = refresh("spa", first);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer").containsKey("expires_in");
		assertThat(body.get("scope").toString().split(" ")).containsExactlyInAnyOrder("openid", "people:read",
				"people:write");
		String second = (String) body.get("refresh_token");
		assertThat(second).isNotEqualTo(first);
		String jwks = this.http.get("/oauth2/jwks").body();
		JWTClaimsSet at = TokenVerifier.verify((String) body.get("access_token"), jwks).getJWTClaimsSet();
		assertThat(at.getStringClaim("sid")).isEqualTo(pending.authorizationId());
		assertThat(at.getStringClaim("client_id")).isEqualTo("spa");
		assertThat(at.getSubject()).isEqualTo(this.user.id());
		assertThat(TokenVerifier.verify(second, jwks).getJWTClaimsSet().getStringClaim("sid"))
			.isEqualTo(pending.authorizationId());

		// narrowing is allowed, widening is not; a refused request consumes nothing
		HttpResponse<String> narrowed = refresh("spa", second, "scope", "people:read");
		assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
		assertThat(json(narrowed)).containsEntry("scope", "people:read");
		assertThat(SignedJWT.parse((String) json(narrowed).get("access_token")).getJWTClaimsSet()
			.getStringClaim("scope")).isEqualTo("people:read");
		String third = (String) json(narrowed).get("refresh_token");
		assertOAuth2Error(refresh("spa", third, "scope", "people:read email"), 400, "invalid_scope");
		assertThat(refresh("spa", third).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenEndpointRequestsStartNoBrowserLoginSession() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("people:read"), Instant.now());
		HttpResponse<String> exchanged = exchange(pending, null);
		int before = this.jdbc.sql("select count(*) from login_session").query(Integer.class).single();

		HttpResponse<String> refreshed = refresh("spa", (String) json(exchanged).get("refresh_token"));

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(exchanged.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(refreshed.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from login_session").query(Integer.class).single()).isEqualTo(before);
	}

	@Test
	void aConsumedRefreshTokenPresentedAgainRevokesTheSession() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String first = (String) json(exchange(pending, null)).get("refresh_token");
		String second = (String) json(refresh("spa", first)).get("refresh_token");

		assertOAuth2Error(refresh("spa", first), 400, "invalid_grant");

		assertThat(revokedReason(pending.authorizationId())).isEqualTo("reuse");
		assertOAuth2Error(refresh("spa", second), 400, "invalid_grant");
	}

	@Test
	void ofConcurrentRefreshesWithOneTokenExactlyOneWins() throws Exception {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String token = (String) json(exchange(pending, null)).get("refresh_token");

		List<Integer> statuses = race(8, (i) -> refresh("spa", token).statusCode());

		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 400).hasSize(7);
	}

	@Test
	void anotherClientsRefreshTokenIsInvalidGrantAndConsumesNothing() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String token = (String) json(exchange(pending, null)).get("refresh_token");

		assertOAuth2Error(refresh("other-spa", token), 400, "invalid_grant");
		assertOAuth2Error(this.http.postForm("/oauth2/token",
				form("grant_type", "refresh_token", "refresh_token", token), "web", WEB_SECRET), 400,
				"invalid_grant");

		assertThat(revokedReason(pending.authorizationId())).isNull();
		assertThat(refresh("spa", token).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshTokensStayInTheirChannel() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String clientToken = (String) json(exchange(pending, null)).get("refresh_token");
		String firstPartyToken = (String) json(this.http.jsonObject("POST", "/api/auth/login",
				Map.of("email", this.user.email(), "password", PASSWORD, "refresh_token_delivery", "body")))
			.get("refresh_token");

		assertThat(this.http.jsonObject("POST", "/api/auth/refresh", Map.of("refresh_token", clientToken))
			.statusCode()).isEqualTo(401);
		assertOAuth2Error(refresh("spa", firstPartyToken), 400, "invalid_grant");

		assertThat(refresh("spa", clientToken).statusCode()).isEqualTo(200);
		assertThat(this.http.jsonObject("POST", "/api/auth/refresh", Map.of("refresh_token", firstPartyToken))
			.statusCode()).isEqualTo(200);
	}

	@Test
	void aDisabledUserIsRefusedAtRefresh() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String token = (String) json(exchange(pending, null)).get("refresh_token");
		this.users.setEnabled(this.user.id(), false, "user:test");

		assertOAuth2Error(refresh("spa", token), 400, "invalid_grant");

		Pending another = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		assertOAuth2Error(exchange(another, null), 400, "invalid_grant");
	}

	@Test
	void theAdminsEndSessionsEndsCodeFlowSessions() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String token = (String) json(exchange(pending, null)).get("refresh_token");
		String admin = (String) json(this.http.jsonObject("POST", "/api/auth/login", Map.of("email",
				"codeflow-admin@example.com", "password", PASSWORD, "refresh_token_delivery", "body")))
			.get("access_token");

		HttpResponse<String> ended = this.http.json("DELETE", "/api/admin/users/" + this.user.id() + "/sessions",
				null, "Authorization", "Bearer " + admin);

		assertThat(ended.statusCode()).as(ended.body()).isLessThan(300);
		assertOAuth2Error(refresh("spa", token), 400, "invalid_grant");
	}

	@Test
	void logoutWithTheAccessTokenEndsTheCodeFlowSession() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		Map<String, Object> tokens = json(exchange(pending, null));

		this.http.json("POST", "/api/auth/logout", null, "Authorization", "Bearer " + tokens.get("access_token"));

		assertOAuth2Error(refresh("spa", (String) tokens.get("refresh_token")), 400, "invalid_grant");
	}

	@Test
	void rotationNeverExtendsTheAbsoluteLifetime() throws ParseException {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String token = (String) json(exchange(pending, null)).get("refresh_token");
		Instant absoluteEnd = this.clock.instant().plus(Duration.ofHours(3));
		this.clock.advance(Duration.ofMinutes(90));
		token = (String) json(refresh("spa", token)).get("refresh_token");
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant())
			.isBeforeOrEqualTo(absoluteEnd);
		this.clock.advance(Duration.ofMinutes(80));
		HttpResponse<String> stillInside = refresh("spa", token);
		assertThat(stillInside.statusCode()).as(stillInside.body()).isEqualTo(200);
		token = (String) json(stillInside).get("refresh_token");

		this.clock.advance(Duration.ofMinutes(11));

		assertOAuth2Error(refresh("spa", token), 400, "invalid_grant");
	}

	@Test
	void anIdleRefreshTokenExpires() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String token = (String) json(exchange(pending, null)).get("refresh_token");

		this.clock.advance(Duration.ofHours(2).plusSeconds(1));

		assertOAuth2Error(refresh("spa", token), 400, "invalid_grant");
	}

	// ---- revocation (RFC 7009)

	@Test
	void revokingARefreshTokenEndsItsSessionOnlyForItsOwnClient() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String token = (String) json(exchange(pending, null)).get("refresh_token");

		HttpResponse<String> foreign = this.http.postForm("/oauth2/revoke",
				form("token", token, "client_id", "other-spa"), null, null);
		assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(200);
		assertThat(revokedReason(pending.authorizationId())).isNull();

		HttpResponse<String> own = this.http.postForm("/oauth2/revoke",
				form("token", token, "token_type_hint", "refresh_token", "client_id", "spa"), null, null);

		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		assertThat(revokedReason(pending.authorizationId())).isEqualTo("revocation");
		assertOAuth2Error(refresh("spa", token), 400, "invalid_grant");
	}

	@Test
	void aConfidentialClientsAccessTokenCanStillBeRevoked() {
		HttpResponse<String> issued = this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				"backend", WEB_SECRET);
		String token = (String) json(issued).get("access_token");

		HttpResponse<String> revoked = this.http.postForm("/oauth2/revoke", form("token", token), "backend",
				WEB_SECRET);

		assertThat(revoked.statusCode()).isEqualTo(200);
		HttpResponse<String> introspected = this.http.postForm("/oauth2/introspect", form("token", token), "backend",
				WEB_SECRET);
		assertThat(json(introspected)).containsEntry("active", false);
	}

	@Test
	void aPublicClientCannotUseTheIntrospectionEndpointWithoutASecret() {
		HttpResponse<String> response = this.http.postForm("/oauth2/introspect",
				form("token", "anything", "client_id", "spa"), null, null);

		assertThat(response.statusCode()).isEqualTo(401);
	}

	// ---- userinfo

	@Test
	void userinfoReleasesClaimsByScopeAndWorksAfterRotation() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid", "email", "roles"), Instant.now());
		Map<String, Object> tokens = json(exchange(pending, null));

		HttpResponse<String> info = userinfo((String) tokens.get("access_token"));

		assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
		assertThat(json(info)).containsOnlyKeys("sub", "email", "roles")
			.containsEntry("sub", this.user.id())
			.containsEntry("email", this.user.email())
			.containsEntry("roles", List.of("user"));

		Map<String, Object> rotated = json(refresh("spa", (String) tokens.get("refresh_token"), "scope", "openid"));
		HttpResponse<String> narrowInfo = userinfo((String) rotated.get("access_token"));
		assertThat(narrowInfo.statusCode()).as(narrowInfo.body()).isEqualTo(200);
		assertThat(json(narrowInfo)).containsOnlyKeys("sub");
	}

	@Test
	void userinfoRefusesTokensWithoutOpenidOrWithAnEndedSession() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid", "people:read"), Instant.now());
		Map<String, Object> tokens = json(exchange(pending, null));
		Map<String, Object> narrowed = json(
				refresh("spa", (String) tokens.get("refresh_token"), "scope", "people:read"));
		String clientCredentials = (String) json(this.http.postForm("/oauth2/token",
				form("grant_type", "client_credentials"), "backend", WEB_SECRET)).get("access_token");

		assertOAuth2Error(userinfo((String) narrowed.get("access_token")), 401, "invalid_token");
		assertThat(userinfo(clientCredentials).statusCode()).isEqualTo(401);
		assertThat(userinfo((String) tokens.get("access_token")).statusCode()).isEqualTo(200);

		this.http.postForm("/oauth2/revoke", form("token", (String) narrowed.get("refresh_token"), "client_id", "spa"),
				null, null);

		assertOAuth2Error(userinfo((String) tokens.get("access_token")), 401, "invalid_token");
	}

	// ---- discovery and CORS

	@Test
	void discoveryAdvertisesExactlyWhatWorks() {
		Map<String, Object> oidc = json(this.http.get("/.well-known/openid-configuration"));
		Map<String, Object> oauth = json(this.http.get("/.well-known/oauth-authorization-server"));

		Map<String, Object> common = new LinkedHashMap<>();
		common.put("issuer", ISSUER);
		common.put("authorization_endpoint", ISSUER + "/oauth2/authorize");
		common.put("token_endpoint", ISSUER + "/oauth2/token");
		common.put("jwks_uri", ISSUER + "/oauth2/jwks");
		common.put("revocation_endpoint", ISSUER + "/oauth2/revoke");
		common.put("introspection_endpoint", ISSUER + "/oauth2/introspect");
		common.put("response_types_supported", List.of("code"));
		common.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
				"urn:ietf:params:oauth:grant-type:token-exchange"));
		common.put("code_challenge_methods_supported", List.of("S256"));
		common.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
		common.put("revocation_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
		common.put("introspection_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
		List<String> assertionAlgorithms = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
				"ES384", "ES512");
		common.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
		common.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
		common.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
		common.put("scopes_supported", List.of("email", "openid", "people:read", "people:write", "roles"));
		common.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "sid",
				"at_hash", "email", "roles"));
		common.put("authorization_response_iss_parameter_supported", true);
		common.put("prompt_values_supported", List.of("create"));
		assertThat(oauth).containsExactlyInAnyOrderEntriesOf(common);

		Map<String, Object> provider = new LinkedHashMap<>(common);
		provider.put("userinfo_endpoint", ISSUER + "/userinfo");
		provider.put("end_session_endpoint", ISSUER + "/connect/logout");
		provider.put("subject_types_supported", List.of("public"));
		provider.put("id_token_signing_alg_values_supported", List.of("RS256"));
		assertThat(oidc).containsExactlyInAnyOrderEntriesOf(provider);
	}

	@Test
	void aPublicClientsOriginMayCallTheTokenEndpointCrossOriginWithoutCredentials() {
		HttpResponse<String> preflight = preflight("/oauth2/token", "http://localhost:5173");

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(preflight("/userinfo", "https://app.example.com").headers()
			.firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(preflight("/oauth2/token", "https://evil.example.com").statusCode()).isEqualTo(403);

		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		HttpResponse<String> exchange = this.http.send(HttpRequest.newBuilder(URI.create(this.http.url("/oauth2/token")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", "http://localhost:5173")
			.POST(HttpRequest.BodyPublishers.ofString(TestHttp.formBody(form("grant_type", "authorization_code", "code",
					pending.code(), "redirect_uri", SPA_REDIRECT, "client_id", "spa", "code_verifier",
					pending.verifier()))))
			.build());
		assertThat(exchange.statusCode()).isEqualTo(200);
		assertThat(exchange.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
	}

	@Test
	void aBrowserAppRefreshesCrossOriginAndCanReadTheInvalidGrantOfARevokedSession() {
		String webApp = "http://localhost:5173";
		HttpResponse<String> preflight = preflight("/oauth2/token", webApp);
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(webApp);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("content-type");
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid", "people:read"), Instant.now());
		String refreshToken = (String) json(exchange(pending, null)).get("refresh_token");

		HttpResponse<String> rotated = crossOriginRefresh(webApp, refreshToken);
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		assertThat(rotated.headers().firstValue("Access-Control-Allow-Origin")).hasValue(webApp);
		assertThat(rotated.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

		this.http.postForm("/oauth2/revoke", form("token", (String) json(rotated).get("refresh_token"), "client_id",
				"spa"), null, null);
		HttpResponse<String> refused = crossOriginRefresh(webApp, (String) json(rotated).get("refresh_token"));

		assertOAuth2Error(refused, 400, "invalid_grant");
		// without these a browser hands the app an opaque network error instead of the invalid_grant
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(webApp);
		assertThat(revokedReason(pending.authorizationId())).isNotNull();
	}

	private HttpResponse<String> crossOriginRefresh(String origin, String refreshToken) {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.http.url("/oauth2/token")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", origin)
			.POST(HttpRequest.BodyPublishers.ofString(TestHttp.formBody(
					form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", "spa"))))
			.build());
	}

	// ---- storage and logs

	@Test
	void noCodeTokenOrStateIsStoredOrLoggedInClear(CapturedOutput output) {
		List<String> secrets = new ArrayList<>();
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid", "email"), Instant.now());
		secrets.add(pending.code());
		Map<String, Object> tokens = json(exchange(pending, null));
		exchange(pending, null);
		Pending other = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		secrets.add(other.code());
		Map<String, Object> more = json(exchange(other, null));
		Map<String, Object> rotated = json(refresh("spa", (String) more.get("refresh_token")));
		refresh("spa", (String) more.get("refresh_token"));
		for (Map<String, Object> response : List.of(tokens, more, rotated)) {
			response.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().endsWith("token"))
				.forEach((entry) -> secrets.add(signature((String) entry.getValue())));
		}
		secrets.add(signature((String) tokens.get("id_token")));
		userinfo((String) rotated.get("access_token"));
		this.http.postForm("/oauth2/revoke", form("token", (String) rotated.get("refresh_token"), "client_id", "spa"),
				null, null);
		// a pending consent: SAS looks it up by its state, a random value like a code
		String state = randomValue();
		secrets.add(state);
		RegisteredClient spa = this.clients.findByClientId("spa");
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(spa)
			.id(UUID.randomUUID().toString())
			.principalName(this.user.id())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(OAuth2ParameterNames.STATE, state)
			.attribute(OAuth2AuthorizationRequest.class.getName(), request("spa", SPA_REDIRECT, Set.of("openid"),
					"challenge", "nonce"))
			.attribute(Principal.class.getName(), principal(Instant.now()))
			.build());
		assertThat(this.authorizations.findByToken(state, new OAuth2TokenType(OAuth2ParameterNames.STATE)))
			.isNotNull();

		List<String> cells = allCells();
		String log = output.getAll();
		assertThat(secrets).hasSizeGreaterThan(8);
		for (String secret : secrets) {
			assertThat(cells).noneMatch((cell) -> cell.contains(secret));
			assertThat(log).doesNotContain(secret);
		}
		assertThat(log).contains("started for client spa").contains("authorization code replayed");
	}

}
