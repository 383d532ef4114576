package dev.tokenservice.auth.session;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the code-flow tests share: the clients of profile {@code codeflow}, a fresh user per test, codes
 * obtained as SAS's authorization endpoint stores them (an authorization with the request, the principal
 * and the code: the login pages are not needed), and the token-endpoint calls. The code and its
 * exchange are public static too, for other features' tests (the audit trail's).
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class CodeFlowSupport {

	static final String PASSWORD = "copper lantern drifts over quiet harbor";

	static final String WEB_SECRET = "web-app-secret-0123456789";

	static final String ISSUER = "http://localhost:9000";

	static final String SPA_REDIRECT = "http://localhost:5173/callback";

	static final String WEB_REDIRECT = "https://web.example.com/login/oauth2/code/issuer";

	private static final SecureRandom RANDOM = new SecureRandom();

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserService users;

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Autowired
	RegisteredClientRepository clients;

	TestHttp http;

	UserAccount user;

	@BeforeEach
	void setUp() {
		this.http = TestHttp.localhost(this.port);
		this.user = this.users.signUp("code-" + UUID.randomUUID() + "@example.com", PASSWORD);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	// ---- helpers

	public record Pending(String code, String verifier, String nonce, String authorizationId, String clientId,
			String redirectUri) {
	}

	/** What SAS's authorization endpoint stores once the user has signed in (and consented). */
	Pending authorize(String clientId, String redirectUri, Set<String> scopes, Instant authTime) {
		return authorize(this.clients, this.authorizations, this.user.id(), clientId, redirectUri, scopes, authTime);
	}

	/** What SAS's authorization endpoint stores once user {@code userId} has signed in (and consented). */
	public static Pending authorize(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			String userId, String clientId, String redirectUri, Set<String> scopes, Instant authTime) {
		RegisteredClient client = clients.findByClientId(clientId);
		String verifier = verifier();
		String nonce = randomValue();
		String code = randomValue();
		String id = UUID.randomUUID().toString();
		Instant now = Instant.now();
		authorizations.save(OAuth2Authorization.withRegisteredClient(client)
			.id(id)
			.principalName(userId)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(scopes)
			.attribute(Principal.class.getName(), principal(userId, authTime))
			.attribute(OAuth2AuthorizationRequest.class.getName(),
					request(clientId, redirectUri, scopes, challenge(verifier), nonce))
			.token(new OAuth2AuthorizationCode(code, now, now.plusSeconds(60)))
			.build());
		return new Pending(code, verifier, nonce, id, clientId, redirectUri);
	}

	/** The login session's principal as the browser side restores it (see BRIEF). */
	Authentication principal(Instant authTime) {
		return principal(this.user.id(), authTime);
	}

	static Authentication principal(String userId, Instant authTime) {
		return UsernamePasswordAuthenticationToken.authenticated(userId, null,
				List.of(new SimpleGrantedAuthority("ROLE_user"),
						FactorGrantedAuthority.withAuthority("FACTOR_PASSWORD").issuedAt(authTime).build()));
	}

	static OAuth2AuthorizationRequest request(String clientId, String redirectUri, Set<String> scopes,
			String challenge, String nonce) {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(ISSUER + "/oauth2/authorize")
			.clientId(clientId)
			.redirectUri(redirectUri)
			.scopes(scopes)
			.state("client-state")
			.additionalParameters(Map.of("code_challenge", challenge, "code_challenge_method", "S256", "nonce", nonce))
			.build();
	}

	HttpResponse<String> exchange(Pending pending, String secret) {
		return exchange(this.http, pending, secret);
	}

	/** The code for tokens at the token endpoint: a public client without {@code secret}. */
	public static HttpResponse<String> exchange(TestHttp http, Pending pending, String secret) {
		Map<String, String> form = form("grant_type", "authorization_code", "code", pending.code(), "redirect_uri",
				pending.redirectUri(), "code_verifier", pending.verifier());
		if (secret == null) {
			form.put("client_id", pending.clientId());
			return http.postForm("/oauth2/token", form, null, null);
		}
		return http.postForm("/oauth2/token", form, pending.clientId(), secret);
	}

	HttpResponse<String> refresh(String clientId, String refreshToken, String... extra) {
		Map<String, String> form = form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id",
				clientId);
		form.putAll(form(extra));
		return this.http.postForm("/oauth2/token", form, null, null);
	}

	HttpResponse<String> userinfo(String accessToken) {
		return this.http.get("/userinfo", "Authorization", "Bearer " + accessToken);
	}

	HttpResponse<String> preflight(String path, String origin) {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.http.url(path)))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.build());
	}

	String revokedReason(String sid) {
		return this.jdbc.sql("select revoked_reason from refresh_family where id = ?")
			.param(sid)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	String familyClient(String sid) {
		return this.jdbc.sql("select client_id from refresh_family where id = ?").param(sid).query(String.class).single();
	}

	static void assertOAuth2Error(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(json(response)).containsEntry("error", error);
	}

	static String verifier() {
		return randomValue() + randomValue();
	}

	static String randomValue() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String challenge(String verifier) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
	}

	/** OIDC Core §3.1.3.6, computed here independently of the server. */
	static String atHash(String accessToken) {
		byte[] digest = sha256(accessToken);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
	}

	static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String signature(String jwt) {
		return jwt.substring(jwt.lastIndexOf('.') + 1);
	}

	/** Every cell of every table of the schema, as text. */
	List<String> allCells() {
		List<String> tables = this.jdbc
			.sql("select distinct table_name from information_schema.columns where table_schema = current_schema()")
			.query(String.class)
			.list();
		assertThat(tables.stream().map((table) -> table.toLowerCase(Locale.ROOT)).toList()).contains("refresh_family",
				"refresh_token", "oauth2_authorization");
		List<String> cells = new ArrayList<>();
		for (String table : tables) {
			// identifiers cannot be bound; these names come from the database's own catalog, quoted as stored
			this.jdbc.sql("select * from \"" + table + "\"")
				.query()
				.listOfRows()
				.forEach((row) -> row.values().forEach((value) -> cells.add(String.valueOf(value))));
		}
		assertThat(cells).anyMatch((cell) -> cell.startsWith("sha256:"));
		return cells;
	}

}
