package dev.tokenservice.auth.exchange;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.session.CodeFlowSupport;
import dev.tokenservice.auth.session.CodeFlowSupport.Pending;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.support.TokenVerifier;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.testsupport.PrometheusScrape;
import dev.tokenservice.testsupport.TestHttp;
import dev.tokenservice.web.RsaJwtDecoders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.ActiveProfiles;

import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * RFC 8693 token exchange at the token endpoint over real HTTP (profile {@code exchange}: service A may
 * exchange for B, B for C, C may not exchange), with users' access tokens from the first-party login;
 * run against each database by a subclass.
 */
@ActiveProfiles("exchange")
@Import(MutableClockConfig.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class TokenExchangeContract {

	static final String ISSUER = "http://localhost:9000";

	static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	static final String PASSWORD = "amber pelican sketches winter lighthouse";

	static final Map<String, String> SECRETS = Map.of("service-a", "service-a-secret-0123456789", "service-b",
			"service-b-secret-0123456789", "service-c", "service-c-secret-0123456789");

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JwtEncoder issuerEncoder;

	@Autowired
	UserService users;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	OAuth2AuthorizationService authorizations;

	TestHttp http;

	FirstPartyClient firstParty;

	@BeforeEach
	void client() {
		this.http = TestHttp.localhost(this.port);
		this.firstParty = new FirstPartyClient(this.http);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	/** A new user's first-party login: access and refresh token (scopes people:read people:write). */
	Map<String, Object> userLogin() {
		String email = FirstPartyClient.newEmail("exchange");
		assertThat(this.firstParty.signup(email, PASSWORD).statusCode()).isEqualTo(201);
		HttpResponse<String> login = this.firstParty.login(email, PASSWORD, "body");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return json(login);
	}

	String userToken() {
		return (String) userLogin().get("access_token");
	}

	HttpResponse<String> exchange(String clientId, String... params) {
		Map<String, String> form = form("grant_type", GRANT);
		form.putAll(form(params));
		return this.http.postForm("/oauth2/token", form, clientId, SECRETS.get(clientId));
	}

	HttpResponse<String> exchangeFor(String clientId, String subjectToken, String audience, String... params) {
		Map<String, String> form = form("grant_type", GRANT, "subject_token", subjectToken, "subject_token_type",
				ACCESS_TOKEN_TYPE, "audience", audience);
		form.putAll(form(params));
		return this.http.postForm("/oauth2/token", form, clientId, SECRETS.get(clientId));
	}

	String jwks() {
		return this.http.get("/oauth2/jwks").body();
	}

	JWTClaimsSet claims(String token) throws ParseException {
		return TokenVerifier.verify(token, jwks()).getJWTClaimsSet();
	}

	static void assertOAuth2Error(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(json(response)).containsEntry("error", error);
		assertThat(json(response)).doesNotContainKey("access_token");
	}

	@Test
	void serviceAGetsAUserTokenForServiceBOnlyActingAsA(CapturedOutput output) throws ParseException {
		String subject = userToken();
		JWTClaimsSet subjectClaims = claims(subject);

		HttpResponse<String> response = exchangeFor("service-a", subject, "service-b");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(value) -> assertThat(value).contains("no-store"));
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("issued_token_type", ACCESS_TOKEN_TYPE)
			.containsEntry("scope", "people:read")
			.doesNotContainKey("refresh_token")
			.doesNotContainKey("id_token");
		String exchanged = (String) body.get("access_token");
		SignedJWT jwt = TokenVerifier.verify(exchanged, jwks());
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getSubject()).isEqualTo(subjectClaims.getSubject());
		assertThat(claims.getAudience()).containsExactly("service-b");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("service-a");
		assertThat(claims.getJSONObjectClaim("act")).isEqualTo(Map.of("sub", "service-a"));
		// first-party people:read people:write ∩ service-a's people:read orders:read
		assertThat(claims.getStringClaim("scope")).isEqualTo("people:read");
		assertThat(claims.getStringClaim("sid")).isEqualTo(subjectClaims.getStringClaim("sid"));
		assertThat(claims.getJWTID()).isNotEqualTo(subjectClaims.getJWTID());
		// service-a's lifetime is 1 h, the subject token's 10 min: no longer than the subject's
		assertThat(claims.getExpirationTime()).isEqualTo(subjectClaims.getExpirationTime());
		assertThat(((Number) body.get("expires_in")).longValue()).isLessThanOrEqualTo(600);
		assertThat(output.getAll()).doesNotContain(subject).doesNotContain(exchanged);
	}

	@Test
	void aRequestedScopeNarrowsFurtherAndAWiderOneIsInvalidScope() throws ParseException {
		String subject = userToken();

		HttpResponse<String> narrowed = exchangeFor("service-a", subject, "service-b", "scope", "people:read");
		assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
		assertThat(claims((String) json(narrowed).get("access_token")).getStringClaim("scope"))
			.isEqualTo("people:read");

		// the user's token has it, service-a does not
		assertOAuth2Error(exchangeFor("service-a", subject, "service-b", "scope", "people:write"), 400,
				"invalid_scope");
		// service-a has it, the user's token does not
		assertOAuth2Error(exchangeFor("service-a", subject, "service-b", "scope", "orders:read"), 400,
				"invalid_scope");
	}

	@Test
	void aSecondExchangeNestsTheActorsAndKeepsTheShorterLifetime() throws ParseException {
		String subject = userToken();
		String forB = (String) json(exchangeFor("service-a", subject, "service-b")).get("access_token");

		HttpResponse<String> response = exchangeFor("service-b", forB, "service-c");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JWTClaimsSet claims = claims((String) json(response).get("access_token"));
		assertThat(claims.getAudience()).containsExactly("service-c");
		assertThat(claims.getSubject()).isEqualTo(claims(subject).getSubject());
		assertThat(claims.getJSONObjectClaim("act"))
			.isEqualTo(Map.of("sub", "service-b", "act", Map.of("sub", "service-a")));
		// service-b's own lifetime (2 min) is shorter than what is left of the subject token
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void theExchangedTokenIsAcceptedByServiceBsDecoderAndRefusedByThePeopleApis() throws Exception {
		String subject = userToken();
		String exchanged = (String) json(exchangeFor("service-a", subject, "service-b")).get("access_token");

		// the resource servers' rules (RsaJwtDecoders, RFC 9068 validators, issuer, their own audience)
		assertThat(resourceServerDecoder("service-b").decode(exchanged).getSubject())
			.isEqualTo(claims(subject).getSubject());
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> resourceServerDecoder("people-api").decode(exchanged));
		// and the user's own token is not one service B takes
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> resourceServerDecoder("service-b").decode(subject));
	}

	/** A resource server's decoder as resource-server builds it: our JWKS, at+jwt, RS256, iss, its aud. */
	NimbusJwtDecoder resourceServerDecoder(String audience) throws ParseException {
		NimbusJwtDecoder decoder = RsaJwtDecoders.of(new ImmutableJWKSet<SecurityContext>(JWKSet.parse(jwks())),
				"at+jwt", "application/at+jwt");
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(ISSUER).audience(audience).build());
		return decoder;
	}

	@Test
	void aCodeFlowAccessTokenIsExchangedUntilItIsRevokedAndItsIdTokenNever() throws ParseException {
		UserAccount user = this.users.signUp(FirstPartyClient.newEmail("exchange-code"), PASSWORD);
		Pending pending = CodeFlowSupport.authorize(this.clients, this.authorizations, user.id(), "spa",
				"http://localhost:5173/callback", Set.of("openid", "people:read", "orders:read"), Instant.now());
		HttpResponse<String> tokens = CodeFlowSupport.exchange(this.http, pending, null);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		String subject = (String) json(tokens).get("access_token");

		HttpResponse<String> exchanged = exchangeFor("service-a", subject, "service-b");
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		JWTClaimsSet claims = claims((String) json(exchanged).get("access_token"));
		assertThat(claims.getSubject()).isEqualTo(user.id());
		assertThat(claims.getAudience()).containsExactly("service-b");
		assertThat(claims.getStringClaim("scope")).isEqualTo("orders:read people:read");
		assertThat(claims.getJSONObjectClaim("act")).isEqualTo(Map.of("sub", "service-a"));
		// the ID token is signed by the same key for the same user, but it is no access token
		assertOAuth2Error(exchangeFor("service-a", (String) json(tokens).get("id_token"), "service-b"), 400,
				"invalid_request");

		HttpResponse<String> revoked = this.http.postForm("/oauth2/revoke",
				form("token", subject, "token_type_hint", "access_token", "client_id", "spa"), null, null);
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

		assertOAuth2Error(exchangeFor("service-a", subject, "service-b"), 400, "invalid_request");
	}

	@Test
	void anAudienceOutsideTheClientsPolicyIsInvalidTarget() {
		String subject = userToken();

		assertOAuth2Error(exchangeFor("service-a", subject, "people-api"), 400, "invalid_target");
		assertOAuth2Error(exchangeFor("service-a", subject, "service-c"), 400, "invalid_target");
		// two audiences: a token for B only is not what was asked
		String twoAudiences = TestHttp.formBody(form("grant_type", GRANT, "subject_token", subject,
				"subject_token_type", ACCESS_TOKEN_TYPE, "audience", "service-b")) + "&audience=service-c";
		assertOAuth2Error(this.http.postBody("/oauth2/token", "application/x-www-form-urlencoded", twoAudiences,
				"service-a", SECRETS.get("service-a")), 400, "invalid_target");
		assertOAuth2Error(exchange("service-a", "subject_token", subject, "subject_token_type", ACCESS_TOKEN_TYPE,
				"audience", "service-b", "resource", "https://service-b.example.com"), 400, "invalid_target");
	}

	@Test
	void aClientWithoutTheGrantTypeIsUnauthorizedClient() {
		assertOAuth2Error(exchangeFor("service-c", userToken(), "service-b"), 400, "unauthorized_client");
	}

	@Test
	void noSubjectTokenMeansNoTokenImpersonationIncluded() {
		assertOAuth2Error(exchange("service-a", "audience", "service-b"), 400, "invalid_request");
		assertOAuth2Error(exchange("service-a", "subject_token_type", ACCESS_TOKEN_TYPE, "audience", "service-b"),
				400, "invalid_request");
		// an actor token alone names no subject
		String clientToken = clientCredentialsToken();
		assertOAuth2Error(exchange("service-a", "actor_token", clientToken, "actor_token_type", ACCESS_TOKEN_TYPE,
				"audience", "service-b"), 400, "invalid_request");
		// a client's own token is no user's: nobody to act for
		assertOAuth2Error(exchangeFor("service-a", clientToken, "service-b"), 400, "invalid_request");
	}

	@Test
	void missingAudienceOrOtherTokenTypesAreRefused() {
		String subject = userToken();

		assertOAuth2Error(exchange("service-a", "subject_token", subject, "subject_token_type", ACCESS_TOKEN_TYPE),
				400, "invalid_request");
		// SAS's request converter answers a token type other than access_token or jwt so
		assertOAuth2Error(exchange("service-a", "subject_token", subject, "subject_token_type",
				"urn:ietf:params:oauth:token-type:id_token", "audience", "service-b"), 400, "unsupported_token_type");
		assertOAuth2Error(exchangeFor("service-a", subject, "service-b", "requested_token_type",
				"urn:ietf:params:oauth:token-type:refresh_token"), 400, "unsupported_token_type");
		// jwt passes the converter; only access tokens are exchanged here
		assertOAuth2Error(exchange("service-a", "subject_token", subject, "subject_token_type",
				"urn:ietf:params:oauth:token-type:jwt", "audience", "service-b"), 400, "invalid_request");
		assertOAuth2Error(exchangeFor("service-a", subject, "service-b", "requested_token_type",
				"urn:ietf:params:oauth:token-type:jwt"), 400, "invalid_request");
		assertOAuth2Error(exchangeFor("service-a", subject, "service-b", "actor_token", subject, "actor_token_type",
				ACCESS_TOKEN_TYPE), 400, "invalid_request");
	}

	@Test
	void garbageRefreshTokensAndIdTokensAreNotSubjectTokens() {
		Map<String, Object> login = userLogin();

		assertOAuth2Error(exchangeFor("service-a", "not-a-token", "service-b"), 400, "invalid_request");
		assertOAuth2Error(exchangeFor("service-a", (String) login.get("refresh_token"), "service-b"), 400,
				"invalid_request");
		// signed by this issuer's key with all a user's claims, but typ JWT (as an ID token)
		assertOAuth2Error(exchangeFor("service-a", issuerSigned("JWT", ISSUER, (String) login.get("access_token")),
				"service-b"), 400, "invalid_request");
	}

	@Test
	void anotherIssuersTokenIsInvalidRequest() throws Exception {
		String subject = userToken();

		// this issuer's key, another issuer's name
		assertOAuth2Error(exchangeFor("service-a", issuerSigned("at+jwt", "https://evil.example.com", subject),
				"service-b"), 400, "invalid_request");
		// this issuer's name and claims, another key
		assertOAuth2Error(exchangeFor("service-a", foreignSigned(subject), "service-b"), 400, "invalid_request");
	}

	@Test
	void anExpiredSubjectTokenIsInvalidRequest() {
		String subject = userToken();
		this.clock.advance(Duration.ofMinutes(11));

		assertOAuth2Error(exchangeFor("service-a", subject, "service-b"), 400, "invalid_request");
	}

	@Test
	void aSubjectTokenWhoseSessionEndedIsInvalidRequest() {
		Map<String, Object> login = userLogin();
		String subject = (String) login.get("access_token");
		assertThat(exchangeFor("service-a", subject, "service-b").statusCode()).isEqualTo(200);

		HttpResponse<String> logout = this.firstParty.logoutWithBody((String) login.get("refresh_token"));
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);

		assertOAuth2Error(exchangeFor("service-a", subject, "service-b"), 400, "invalid_request");
	}

	@Test
	void wrongClientSecretIsInvalidClient() {
		Map<String, String> form = form("grant_type", GRANT, "subject_token", userToken(), "subject_token_type",
				ACCESS_TOKEN_TYPE, "audience", "service-b");
		assertOAuth2Error(this.http.postForm("/oauth2/token", form, "service-a", "wrong-secret-0123456789"), 401,
				"invalid_client");
	}

	@Test
	void exchangesAreCountedAsTokenExchangeOfTheClient() {
		String tag = "token_exchange";
		double before = PrometheusScrape.of(this.http)
			.value("auth_tokens_issued_total", "grant_type", tag, "client_id", "service-a");
		assertThat(PrometheusScrape.of(this.http)
			.has("auth_tokens_issued_total", "grant_type", tag, "client_id", "service-b")).isTrue();

		assertThat(exchangeFor("service-a", userToken(), "service-b").statusCode()).isEqualTo(200);
		assertOAuth2Error(exchangeFor("service-a", userToken(), "people-api"), 400, "invalid_target");

		assertThat(PrometheusScrape.of(this.http)
			.value("auth_tokens_issued_total", "grant_type", tag, "client_id", "service-a")).isEqualTo(before + 1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryListsTheTokenExchangeGrant() {
		for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
			assertThat((List<Object>) json(this.http.get(path)).get("grant_types_supported")).contains(GRANT);
		}
	}

	String clientCredentialsToken() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				"service-a", SECRETS.get("service-a"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) json(response).get("access_token");
	}

	/** The claims of {@code like}, re-signed with the issuer's key under another {@code typ} or issuer. */
	String issuerSigned(String type, String issuer, String like) {
		JWTClaimsSet claims = parse(like);
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
		claims.getClaims().forEach((name, value) -> builder.claim(name, (value instanceof Date date)
				? date.toInstant() : value));
		builder.issuer(issuer).id(UUID.randomUUID().toString());
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type(type).build();
		return this.issuerEncoder.encode(JwtEncoderParameters.from(header, builder.build())).getTokenValue();
	}

	/** The claims of {@code like} signed by a key this issuer never had, with the kid of one it has. */
	static String foreignSigned(String like) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		SignedJWT original = SignedJWT.parse(like);
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
			.keyID(original.getHeader().getKeyID())
			.build(), original.getJWTClaimsSet());
		forged.sign(new RSASSASigner((RSAPrivateKey) pair.getPrivate()));
		return forged.serialize();
	}

	static JWTClaimsSet parse(String token) {
		try {
			return SignedJWT.parse(token).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
