package dev.tokenservice.auth.login;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.admin.BootstrapUsers;
import dev.tokenservice.auth.admin.BootstrapUsersProperties;
import dev.tokenservice.auth.login.AuthApi.SetCookie;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.support.Http;
import dev.tokenservice.auth.support.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.support.TokenVerifier;
import dev.tokenservice.auth.users.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.tokenservice.auth.login.AuthApi.newEmail;
import static dev.tokenservice.auth.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-party login over real HTTP: every status, the cookie, rotation, reuse detection and the
 * concurrent race, lifetimes with a moved clock, logout, admin actions, bootstrap, throttling, the
 * browser checks, and what ends up in the database and the log. Run on H2 and PostgreSQL by the
 * subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.bootstrap-admin.email=root@example.com",
				"app.bootstrap-admin.password=" + FirstPartyLoginContract.ADMIN_PASSWORD,
				"app.cors.allowed-origins=https://app.example.com", "app.login-throttle.account-free-failures=3",
				"app.login-throttle.address-free-failures=12",
				// minutes, not seconds: no assertion may depend on how fast this machine is
				"app.login-throttle.first-delay=1m", "app.login-throttle.max-delay=15m" })
@Import(MutableClockConfig.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class FirstPartyLoginContract {

	static final String ADMIN_PASSWORD = "ivory walrus conducts midnight orchestra";

	static final String PASSWORD = "violet tangerine bicycle harbor";

	static final String WRONG_PASSWORD = "crimson lantern glides over marble";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserService users;

	@Autowired
	RefreshTokenService sessions;

	@Autowired
	LoginThrottle throttle;

	AuthApi api;

	Http http;

	@BeforeEach
	void setUp() {
		this.api = new AuthApi(this.port);
		this.http = this.api.http;
		// every test logs in from 127.0.0.1: start each with fresh counters
		this.jdbc.sql("delete from login_throttle").update();
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	String signedUpUser() {
		return this.api.signedUpUser(PASSWORD);
	}

	Map<String, Object> loginBody(String email) {
		return this.api.loginBody(email, PASSWORD);
	}

	String adminToken() {
		return (String) this.api.loginBody("root@example.com", ADMIN_PASSWORD).get("access_token");
	}

	static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		Map<String, Object> problem = json(response);
		assertThat(problem).containsEntry("status", (long) status).containsKeys("title", "detail");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	/** The fields named in a 400's {@code errors}, each once. */
	static List<String> errorFields(HttpResponse<String> response) {
		return ((List<?>) json(response).get("errors")).stream()
			.map((error) -> (String) ((Map<?, ?>) error).get("field"))
			.toList();
	}

	// ---- sign-up

	@Test
	void signupCreatesAPlainUserAndIgnoresRequestedRoles() {
		String email = newEmail();
		HttpResponse<String> response = this.http.json("POST", "/api/auth/signup", "{\"email\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"admin\"],\"role\":\"admin\",\"enabled\":false}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(json(response)).containsEntry("email", email).containsEntry("roles", List.of("user")).containsKey("id");
		assertThat(response.body()).doesNotContain("password").doesNotContain("argon2");
		String token = (String) loginBody(email).get("access_token");
		assertProblem(this.api.get("/api/admin/users", token), 403);
	}

	@Test
	void signupStoresTheEmailLowercasedAndRefusesItAgainInAnyCase() {
		String email = newEmail();
		HttpResponse<String> created = this.api.signup(email.toUpperCase(Locale.ROOT), PASSWORD);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(json(created)).containsEntry("email", email);

		assertProblem(this.api.signup(email, PASSWORD), 409);
		assertThat(this.api.login(email.toUpperCase(Locale.ROOT), PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	void signupNamesEveryBadFieldOnce() {
		// the email breaks two rules (size and format), the password one
		HttpResponse<String> response = this.api.signup("x".repeat(300), "short");

		assertProblem(response, 400);
		assertThat(errorFields(response)).containsExactlyInAnyOrder("email", "password");
	}

	@Test
	void signupRefusesCommonGuessableAndPersonalPasswords() {
		for (String common : List.of("password123", "qwertyuiop", "iloveyou2024", "aaaaaaaaaaaa")) {
			HttpResponse<String> response = this.api.signup(newEmail(), common);
			assertProblem(response, 400);
			assertThat(errorFields(response)).as(common).containsExactly("password");
		}
		HttpResponse<String> personal = this.api.signup("marguerite.yourcenar@example.com", "Marguerite.Yourcenar-1903!");
		assertProblem(personal, 400);
		assertThat(personal.body()).contains("email address");
	}

	@Test
	void signupChecksLengthInCharactersFrom8To128() {
		assertThat(errorFields(this.api.signup(newEmail(), "Zq7#xK2"))).containsExactly("password");
		assertThat(errorFields(this.api.signup(newEmail(), "x7Qk".repeat(33)))).containsExactly("password");
		// 128 characters that are 2 UTF-16 units each: within the limit
		String emoji = new String(Character.toChars(0x1F512)) + new String(Character.toChars(0x1F98A))
				+ new String(Character.toChars(0x1F3B8)) + new String(Character.toChars(0x1F30B));
		assertThat(this.api.signup(newEmail(), emoji.repeat(32)).statusCode()).isEqualTo(201);
	}

	@Test
	void longPasswordsAreNeverTruncated() {
		// 100 ASCII characters: far beyond bcrypt's 72 bytes; the two differ only in the last one
		String password = "quiet orchard lamps ".repeat(5).substring(0, 99) + "A";
		String sameFirst99 = password.substring(0, 99) + "B";
		String email = this.api.signedUpUser(password);

		assertProblem(this.api.login(email, sameFirst99, "body"), 401);
		assertThat(this.api.login(email, password, "body").statusCode()).isEqualTo(200);
	}

	@Test
	void concurrentSignupsWithOneEmailCreateOneAccount() throws Exception {
		String email = newEmail();
		List<Integer> statuses = race(8, (i) -> this.api
			.signup((i % 2 == 0) ? email : email.toUpperCase(Locale.ROOT), PASSWORD)
			.statusCode());

		assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 409).hasSize(7);
	}

	@Test
	void malformedOrMistypedBodiesAreProblems() {
		assertProblem(this.http.json("POST", "/api/auth/signup", "{nope"), 400);
		assertProblem(this.http.json("POST", "/api/auth/login", "[1,2]"), 400);
		assertProblem(this.http.json("POST", "/api/auth/signup", "{\"email\":{\"a\":1},\"password\":\"x\"}"), 400);
		assertProblem(this.http.json("POST", "/api/auth/signup", null), 400);
		HttpResponse<String> plainText = this.http.postBody("/api/auth/login", "text/plain",
				"email=a@example.com", null, null);
		assertProblem(plainText, 415);
	}

	@Test
	void loginValidationNamesTheFieldsAsSent() {
		HttpResponse<String> response = this.http.json("POST", "/api/auth/login",
				"{\"email\":\"a@example.com\",\"refresh_token_delivery\":\"pigeon\"}");

		assertProblem(response, 400);
		assertThat(errorFields(response)).containsExactlyInAnyOrder("password", "refresh_token_delivery");
	}

	// ---- login

	@Test
	void loginWithCookieDeliveryPutsTheRefreshTokenOnlyInAHardenedCookie() {
		HttpResponse<String> response = this.api.login(signedUpUser(), PASSWORD, "cookie");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 600L)
			.containsEntry("scope", "people:read people:write")
			.containsKey("access_token")
			.doesNotContainKeys("refresh_token", "refresh_expires_in");
		SetCookie cookie = SetCookie.of(response);
		cookie.assertHardened();
		assertThat(cookie.maxAge()).isBetween(Duration.ofDays(30).toSeconds() - 5, Duration.ofDays(30).toSeconds());
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(value) -> assertThat(value).contains("no-store"));
	}

	@Test
	void cookieIsTheDefaultDelivery() {
		HttpResponse<String> response = this.http.json("POST", "/api/auth/login",
				"{\"email\":\"" + signedUpUser() + "\",\"password\":\"" + PASSWORD + "\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).doesNotContainKey("refresh_token");
		SetCookie.of(response).assertHardened();
	}

	@Test
	void loginWithBodyDeliveryAndTheUsernameAliasSetsNoCookie() {
		String email = signedUpUser();

		HttpResponse<String> response = this.http.json("POST", "/api/auth/login", "{\"username\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"refresh_token_delivery\":\"body\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response)).containsKeys("access_token", "refresh_token", "refresh_expires_in");
		assertThat((Long) json(response).get("refresh_expires_in")).isBetween(Duration.ofDays(7).toSeconds() - 5,
				Duration.ofDays(7).toSeconds());
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void userAccessTokenCarriesTheRfc9068ClaimsAndRoles() throws ParseException {
		String email = signedUpUser();
		Map<String, Object> body = loginBody(email);

		SignedJWT jwt = TokenVerifier.verify((String) body.get("access_token"), this.http.get("/oauth2/jwks").body());

		assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		String userId = this.api.userId((String) body.get("access_token"));
		assertThat(claims.getSubject()).isEqualTo(userId).isNotEqualTo(email);
		assertThat(claims.getAudience()).containsExactly("people-api");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("first-party");
		assertThat(claims.getStringClaim("scope")).isEqualTo("people:read people:write");
		assertThat(claims.getStringListClaim("roles")).containsExactly("user");
		assertThat(claims.getStringClaim("email")).isEqualTo(email);
		assertThat(claims.getStringClaim("sid")).isNotBlank();
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssuer()).isEqualTo("http://localhost:9000");
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void refreshTokenIsAJwtNoResourceServerAccepts() throws ParseException {
		Map<String, Object> body = loginBody(signedUpUser());

		SignedJWT refresh = TokenVerifier.verify((String) body.get("refresh_token"), this.http.get("/oauth2/jwks").body());

		assertThat(refresh.getHeader().getType().getType()).isEqualTo("rt+jwt");
		JWTClaimsSet claims = refresh.getJWTClaimsSet();
		assertThat(claims.getAudience()).containsExactly("http://localhost:9000/api/auth/refresh");
		assertThat(claims.getClaims()).containsKeys("jti", "sid", "sub", "exp", "iat", "iss");
		assertThat(claims.getStringClaim("sid"))
			.isEqualTo(SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet().getStringClaim("sid"));
		// the issuer's own resource-server side refuses it as an access token
		assertProblem(this.api.get("/api/auth/me", (String) body.get("refresh_token")), 401);
	}

	@Test
	void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
		String email = signedUpUser();

		HttpResponse<String> wrongPassword = this.api.login(email, WRONG_PASSWORD, "body");
		HttpResponse<String> unknownEmail = this.api.login(newEmail(), PASSWORD, "body");

		assertProblem(wrongPassword, 401);
		assertProblem(unknownEmail, 401);
		assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
	}

	@Test
	void meAnswersForTheBearerTokensUser() {
		String email = signedUpUser();
		String accessToken = (String) loginBody(email).get("access_token");

		HttpResponse<String> me = this.api.get("/api/auth/me", accessToken);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(json(me)).containsEntry("email", email).containsEntry("roles", List.of("user")).containsKey("id");

		HttpResponse<String> anonymous = this.http.json("GET", "/api/auth/me", null);
		assertProblem(anonymous, 401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer"));
		HttpResponse<String> forged = this.api.get("/api/auth/me", accessToken.substring(0, accessToken.length() - 4) + "AAAA");
		assertProblem(forged, 401);
		assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("invalid_token"));
	}

	@Test
	void meWithABackendServiceTokenIsForbidden() {
		HttpResponse<String> token = this.http.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
				"demo-service", "demo-service-secret-change-me");
		assertThat(token.statusCode()).isEqualTo(200);

		assertProblem(this.api.get("/api/auth/me", (String) json(token).get("access_token")), 403);
	}

	// ---- refresh

	@Test
	void refreshByCookieRotatesAndAnswersByCookieOnly() {
		String first = SetCookie.of(this.api.login(signedUpUser(), PASSWORD, "cookie")).value();

		HttpResponse<String> refreshed = this.api.refreshWithCookie(first);

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(json(refreshed)).containsKey("access_token").doesNotContainKeys("refresh_token", "refresh_expires_in");
		SetCookie second = SetCookie.of(refreshed);
		second.assertHardened();
		assertThat(second.value()).isNotBlank().isNotEqualTo(first);
		assertThat(this.api.refreshWithCookie(second.value()).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshByBodyRotatesAndAnswersInTheBody() {
		Map<String, Object> login = loginBody(signedUpUser());
		String first = (String) login.get("refresh_token");

		HttpResponse<String> refreshed = this.api.refreshWithBody(first);

		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(refreshed.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(json(refreshed)).containsEntry("token_type", "Bearer").containsKeys("access_token", "expires_in");
		assertThat((String) json(refreshed).get("refresh_token")).isNotEqualTo(first);
		assertThat(json(refreshed).get("access_token")).isNotEqualTo(login.get("access_token"));
	}

	@Test
	void reusedRefreshTokenRevokesTheFamily(CapturedOutput output) {
		String first = (String) loginBody(signedUpUser()).get("refresh_token");
		String second = (String) json(this.api.refreshWithBody(first)).get("refresh_token");

		assertProblem(this.api.refreshWithBody(first), 401);

		// the newest token of the family dies with it: the thief and the victim both have to log in
		assertProblem(this.api.refreshWithBody(second), 401);
		assertThat(output.getAll()).contains("Refresh token reuse detected");
	}

	@Test
	void reusedRefreshCookieRevokesTheFamilyAndClearsTheCookie() {
		String first = SetCookie.of(this.api.login(signedUpUser(), PASSWORD, "cookie")).value();
		String second = SetCookie.of(this.api.refreshWithCookie(first)).value();

		HttpResponse<String> replay = this.api.refreshWithCookie(first);

		assertProblem(replay, 401);
		SetCookie.of(replay).assertCleared();
		assertProblem(this.api.refreshWithCookie(second), 401);
	}

	@Test
	void concurrentRefreshesWithOneTokenHaveExactlyOneWinner() throws Exception {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");

		List<Integer> statuses = race(10, (i) -> this.api.refreshWithBody(token).statusCode());

		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 401).hasSize(9);
	}

	@Test
	void badRefreshTokensAreUnauthorizedAndClearTheCookie() throws Exception {
		Map<String, Object> login = loginBody(signedUpUser());
		String accessToken = (String) login.get("access_token");
		String refreshToken = (String) login.get("refresh_token");
		String tampered = refreshToken.substring(0, refreshToken.lastIndexOf('.') + 1) + "AAAA"
				+ refreshToken.substring(refreshToken.lastIndexOf('.') + 5);

		for (String bad : List.of("garbage", "a.b.c", accessToken, tampered, foreignSigned(refreshToken))) {
			HttpResponse<String> byCookie = this.api.refreshWithCookie(bad);
			assertProblem(byCookie, 401);
			SetCookie.of(byCookie).assertCleared();
			HttpResponse<String> byBody = this.api.refreshWithBody(bad);
			assertProblem(byBody, 401);
			assertThat(byBody.headers().firstValue("Set-Cookie")).isEmpty();
		}
		assertProblem(this.http.json("POST", "/api/auth/refresh", null), 401);
		// none of that harmed the real session
		assertThat(this.api.refreshWithBody(refreshToken).statusCode()).isEqualTo(200);
	}

	/** The same header (kid included) and claims as a real refresh token, signed by a key of our own. */
	static String foreignSigned(String genuine) throws Exception {
		SignedJWT real = SignedJWT.parse(genuine);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("rt+jwt"))
			.keyID(real.getHeader().getKeyID())
			.build(), new JWTClaimsSet.Builder(real.getJWTClaimsSet()).jwtID("forged").build());
		forged.sign(new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));
		return forged.serialize();
	}

	@Test
	void rotationNeverExtendsTheAbsoluteLifetime() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		for (int day = 6; day <= 30; day += 6) {
			this.clock.advance(Duration.ofDays(6));
			HttpResponse<String> refreshed = this.api.refreshWithBody(token);
			if (day < 30) {
				assertThat(refreshed.statusCode()).as("day %d", day).isEqualTo(200);
				assertThat((Long) json(refreshed).get("refresh_expires_in"))
					.isLessThanOrEqualTo(Duration.ofDays(30 - day).toSeconds());
				token = (String) json(refreshed).get("refresh_token");
			}
			else {
				assertProblem(refreshed, 401);
			}
		}
	}

	@Test
	void rotatedCookieKeepsTheRemainingAbsoluteLifetimeAsMaxAge() {
		String cookie = SetCookie.of(this.api.login(signedUpUser(), PASSWORD, "cookie")).value();
		this.clock.advance(Duration.ofDays(5));

		SetCookie rotated = SetCookie.of(this.api.refreshWithCookie(cookie));

		assertThat(rotated.maxAge()).isBetween(Duration.ofDays(25).toSeconds() - 5, Duration.ofDays(25).toSeconds());
	}

	@Test
	void refreshTokenUnusedForTheIdleTimeoutExpires() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		String used = (String) loginBody(signedUpUser()).get("refresh_token");

		this.clock.advance(Duration.ofDays(6));
		used = (String) json(this.api.refreshWithBody(used)).get("refresh_token");
		this.clock.advance(Duration.ofDays(1).plusSeconds(1));

		assertProblem(this.api.refreshWithBody(token), 401);
		assertThat(this.api.refreshWithBody(used).statusCode()).as("refreshed a day ago").isEqualTo(200);
	}

	// ---- logout

	@Test
	void logoutByCookieEndsTheSessionAndClearsTheCookie() {
		String cookie = SetCookie.of(this.api.login(signedUpUser(), PASSWORD, "cookie")).value();

		HttpResponse<String> logout = this.api.logoutWithCookie(cookie);

		assertThat(logout.statusCode()).isEqualTo(204);
		SetCookie.of(logout).assertCleared();
		assertProblem(this.api.refreshWithCookie(cookie), 401);
		assertThat(this.api.logoutWithCookie(cookie).statusCode()).as("again").isEqualTo(204);
	}

	@Test
	void logoutByBodyEndsTheSessionAndIsIdempotent() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		String body = "{\"refresh_token\":\"" + token + "\"}";

		assertThat(this.http.json("POST", "/api/auth/logout", body).statusCode()).isEqualTo(204);
		assertThat(this.http.json("POST", "/api/auth/logout", body).statusCode()).isEqualTo(204);
		assertThat(this.http.json("POST", "/api/auth/logout", null).statusCode()).isEqualTo(204);
		assertThat(this.http.json("POST", "/api/auth/logout", "{\"refresh_token\":\"garbage\"}").statusCode())
			.isEqualTo(204);
		assertProblem(this.api.refreshWithBody(token), 401);
	}

	@Test
	void logoutByAccessTokenEndsItsSessionOnly() {
		String email = signedUpUser();
		Map<String, Object> phone = loginBody(email);
		Map<String, Object> laptop = loginBody(email);

		HttpResponse<String> logout = this.http.json("POST", "/api/auth/logout", null, "Authorization",
				"Bearer " + phone.get("access_token"));

		assertThat(logout.statusCode()).isEqualTo(204);
		assertProblem(this.api.refreshWithBody((String) phone.get("refresh_token")), 401);
		assertThat(this.api.refreshWithBody((String) laptop.get("refresh_token")).statusCode()).isEqualTo(200);
	}

	// ---- admin

	@Test
	void adminApiIsForAdminsOnly() {
		String userToken = (String) loginBody(signedUpUser()).get("access_token");

		assertProblem(this.api.get("/api/admin/users", userToken), 403);
		assertProblem(this.http.json("GET", "/api/admin/users", null), 401);

		HttpResponse<String> page = this.api.get("/api/admin/users?size=2&page=0", adminToken());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(json(page)).containsKeys("content", "page");
		assertThat((List<?>) json(page).get("content")).hasSize(2);
		@SuppressWarnings("unchecked")
		Map<String, Object> pageInfo = (Map<String, Object>) json(page).get("page");
		assertThat(pageInfo).containsEntry("size", 2L).containsEntry("number", 0L)
			.containsKeys("totalElements", "totalPages");
		assertThat(page.body()).doesNotContain("passwordHash").doesNotContain("argon2");
	}

	@Test
	void adminGrantsRolesThatAppearInTheNextTokens() throws ParseException {
		String email = signedUpUser();
		Map<String, Object> login = loginBody(email);
		String id = this.api.userId((String) login.get("access_token"));

		HttpResponse<String> updated = this.api.admin("PUT", "/api/admin/users/" + id + "/roles",
				"{\"roles\":[\"admin\"]}", adminToken());

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated)).containsEntry("roles", List.of("user", "admin"));
		String refreshed = (String) json(this.api.refreshWithBody((String) login.get("refresh_token")))
			.get("access_token");
		assertThat(SignedJWT.parse(refreshed).getJWTClaimsSet().getStringListClaim("roles"))
			.containsExactly("user", "admin");
		assertThat(this.api.get("/api/admin/users", refreshed).statusCode()).isEqualTo(200);
		assertProblem(this.api.admin("PUT", "/api/admin/users/" + id + "/roles", "{\"roles\":[\"root\"]}",
				adminToken()), 400);
		assertProblem(this.api.admin("PUT", "/api/admin/users/" + id + "/roles", "{}", adminToken()), 400);
		assertProblem(this.api.admin("PUT", "/api/admin/users/nobody/roles", "{\"roles\":[\"user\"]}",
				adminToken()), 404);
	}

	@Test
	void disabledUserCannotLogInOrRefreshAndEnablingDoesNotReviveOldSessions() {
		String email = signedUpUser();
		Map<String, Object> login = loginBody(email);
		String id = this.api.userId((String) login.get("access_token"));

		HttpResponse<String> disabled = this.api.admin("POST", "/api/admin/users/" + id + "/disable", null,
				adminToken());
		assertThat(disabled.statusCode()).isEqualTo(200);
		assertThat(json(disabled)).containsEntry("enabled", false);

		assertProblem(this.api.login(email, PASSWORD, "body"), 403);
		assertProblem(this.api.refreshWithBody((String) login.get("refresh_token")), 401);

		HttpResponse<String> enabled = this.api.admin("POST", "/api/admin/users/" + id + "/enable", null, adminToken());
		assertThat(json(enabled)).containsEntry("enabled", true);
		assertProblem(this.api.refreshWithBody((String) login.get("refresh_token")), 401);
		assertThat(this.api.login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
		assertProblem(this.api.admin("POST", "/api/admin/users/nobody/disable", null, adminToken()), 404);
	}

	@Test
	void adminRevokingSessionsEndsEveryFamilyOfTheUser() {
		String email = signedUpUser();
		String first = (String) loginBody(email).get("refresh_token");
		Map<String, Object> second = loginBody(email);
		String other = (String) loginBody(signedUpUser()).get("refresh_token");

		HttpResponse<String> revoked = this.api.admin("DELETE",
				"/api/admin/users/" + this.api.userId((String) second.get("access_token")) + "/sessions", null,
				adminToken());

		assertThat(revoked.statusCode()).isEqualTo(204);
		assertProblem(this.api.refreshWithBody(first), 401);
		assertProblem(this.api.refreshWithBody((String) second.get("refresh_token")), 401);
		assertThat(this.api.refreshWithBody(other).statusCode()).as("another user").isEqualTo(200);
		assertProblem(this.api.admin("DELETE", "/api/admin/users/nobody/sessions", null, adminToken()), 404);
	}

	// ---- bootstrap admin

	@Test
	void bootstrapAdminExistsAndBootstrapIsIdempotent() {
		String before = this.api.userId(adminToken());

		bootstrap("root@example.com", ADMIN_PASSWORD);

		HttpResponse<String> me = this.api.get("/api/auth/me", adminToken());
		assertThat(json(me)).containsEntry("id", before).containsEntry("roles", List.of("user", "admin"));
	}

	@Test
	void bootstrapPromotesAnExistingUserAndEndsSessionsOfAnyoneWithoutTheConfiguredPassword() {
		String email = signedUpUser();
		String squatterSession = (String) loginBody(email).get("refresh_token");

		bootstrap(email, ADMIN_PASSWORD);

		assertProblem(this.api.refreshWithBody(squatterSession), 401);
		assertProblem(this.api.login(email, PASSWORD, "body"), 401);
		Map<String, Object> admin = this.api.loginBody(email, ADMIN_PASSWORD);
		assertThat(json(this.api.get("/api/auth/me", (String) admin.get("access_token")))).containsEntry("roles",
				List.of("user", "admin"));
		// the owner, who knows the configured password, keeps their sessions at the next start
		bootstrap(email, ADMIN_PASSWORD);
		assertThat(this.api.refreshWithBody((String) admin.get("refresh_token")).statusCode()).isEqualTo(200);
	}

	@Test
	void nodesBootstrappingTheSameAdminAtOnceCreateOneAccount() throws Exception {
		String email = newEmail();

		List<Integer> done = race(4, (i) -> {
			bootstrap(email, ADMIN_PASSWORD);
			return 1;
		});

		assertThat(done).hasSize(4);
		assertThat(this.jdbc.sql("select count(*) from user_account where email = ?").param(email).query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(this.api.login(email, ADMIN_PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	void bootstrap(String email, String password) {
		new BootstrapUsers(this.users, this.sessions,
				new BootstrapUsersProperties(new BootstrapUsersProperties.Account(email, password), null))
			.afterPropertiesSet();
	}

	// ---- throttling

	@Test
	void repeatedFailuresForOneAccountAreThrottledProgressively() {
		String email = signedUpUser();
		for (int i = 0; i < 4; i++) {
			assertProblem(this.api.login(email, WRONG_PASSWORD, "body"), 401);
		}

		// blocked even with the right password, before any hash is computed
		HttpResponse<String> throttled = this.api.login(email, PASSWORD, "body");
		assertProblem(throttled, 429);
		assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");

		this.clock.advance(Duration.ofSeconds(61));
		assertProblem(this.api.login(email, WRONG_PASSWORD, "body"), 401);
		HttpResponse<String> longer = this.api.login(email, PASSWORD, "body");
		assertProblem(longer, 429);
		assertThat(longer.headers().firstValue("Retry-After")).hasValue("120");

		this.clock.advance(Duration.ofSeconds(121));
		assertThat(this.api.login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
		// the success reset the account's counter: three free failures again
		for (int i = 0; i < 3; i++) {
			assertProblem(this.api.login(email, WRONG_PASSWORD, "body"), 401);
		}
		assertThat(this.api.login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	void aQuietAccountStartsCountingAgain() {
		String email = signedUpUser();
		for (int i = 0; i < 3; i++) {
			assertProblem(this.api.login(email, WRONG_PASSWORD, "body"), 401);
		}

		this.clock.advance(Duration.ofHours(25));
		assertProblem(this.api.login(email, WRONG_PASSWORD, "body"), 401);

		assertThat(this.api.login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	void repeatedFailuresFromOneAddressAreThrottledAcrossAccounts() {
		String email = signedUpUser();
		for (int i = 0; i < 13; i++) {
			assertProblem(this.api.login(newEmail(), PASSWORD, "body"), 401);
		}

		HttpResponse<String> throttled = this.api.login(email, PASSWORD, "body");

		assertProblem(throttled, 429);
		assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
	}

	@Test
	void throttleCountersLiveInTheDatabase() {
		String email = signedUpUser();
		assertProblem(this.api.login(email, WRONG_PASSWORD, "body"), 401);

		List<String> counters = this.jdbc.sql("select throttle_key, failures from login_throttle")
			.query((rs, row) -> rs.getString(1) + "=" + rs.getInt(2))
			.list();
		assertThat(counters).hasSize(2).contains("account:" + email + "=1");
		assertThat(counters).anyMatch((counter) -> counter.startsWith("address:") && counter.endsWith("=1"));
	}

	// ---- browsers

	@Test
	void cookieRequestFromAnUntrustedOriginIsForbidden() {
		String cookie = SetCookie.of(this.api.login(signedUpUser(), PASSWORD, "cookie")).value();

		assertProblem(this.api.refreshWithCookie(cookie, "Origin", "https://evil.example"), 403);
		assertProblem(this.api.logoutWithCookie(cookie, "Origin", "null"), 403);

		HttpResponse<String> trusted = this.api.refreshWithCookie(cookie, "Origin", "https://app.example.com");
		assertThat(trusted.statusCode()).isEqualTo(200);
		assertThat(trusted.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(trusted.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		// same-origin: the issuer's own origin, and the origin the request itself was sent to
		String next = SetCookie.of(trusted).value();
		HttpResponse<String> issuerOrigin = this.api.refreshWithCookie(next, "Origin", "http://localhost:9000");
		assertThat(issuerOrigin.statusCode()).isEqualTo(200);
		HttpResponse<String> sameOrigin = this.api.refreshWithCookie(SetCookie.of(issuerOrigin).value(), "Origin",
				"http://localhost:" + this.port);
		assertThat(sameOrigin.statusCode()).isEqualTo(200);
	}

	@Test
	void corsIsAnsweredForAllowedOriginsOnly() {
		HttpResponse<String> allowed = this.http.json("OPTIONS", "/api/auth/refresh", null, "Origin",
				"https://app.example.com", "Access-Control-Request-Method", "POST");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

		HttpResponse<String> refusedPreflight = this.http.json("OPTIONS", "/api/auth/refresh", null, "Origin",
				"https://evil.example", "Access-Control-Request-Method", "POST");
		assertProblem(refusedPreflight, 403);
		assertThat(refusedPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

		HttpResponse<String> refusedLogin = this.http.json("POST", "/api/auth/login", "{}", "Origin",
				"https://evil.example");
		assertProblem(refusedLogin, 403);
		assertThat(refusedLogin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	// ---- errors outside the controllers

	@Test
	void errorsRaisedBeforeSpringMvcAreProblemsToo() {
		// refused by Spring Security's firewall
		assertProblem(this.http.get("/api/auth/me;jsessionid=x"), 400);
		// refused by Tomcat itself
		HttpResponse<String> hugeHeader = this.http.send(HttpRequest.newBuilder(URI.create(this.http.url("/api/auth/me")))
			.header("X-Padding", "a".repeat(20_000))
			.build());
		assertThat(hugeHeader.statusCode()).isEqualTo(400);
		assertThat(hugeHeader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertProblem(this.http.get("/error"), 404);
	}

	// ---- housekeeping

	@Test
	void expiredSessionsAndStaleCountersArePurged() {
		String email = signedUpUser();
		assertThat(this.api.login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
		assertProblem(this.api.login(newEmail(), PASSWORD, "body"), 401);
		int families = count("refresh_family");
		assertThat(count("login_throttle")).isEqualTo(2);

		this.clock.advance(Duration.ofDays(31));
		this.sessions.purgeExpired();
		this.throttle.purgeStale();

		assertThat(count("login_throttle")).isZero();
		assertThat(count("refresh_family")).isLessThan(families);
		assertThat(this.jdbc.sql("select count(*) from refresh_token where expires_at < ?")
			.param(Timestamp.from(this.clock.instant()))
			.query(Integer.class)
			.single()).isZero();
	}

	int count(String table) {
		// the table names are constants of this class, not input
		return this.jdbc.sql("select count(*) from " + table).query(Integer.class).single();
	}

	// ---- what is stored and logged

	@Test
	void aWholeSessionLeavesNoTokenOrPasswordInTheDatabaseOrTheLog(CapturedOutput output) {
		String email = signedUpUser();
		String weak = "sunshine1";
		assertProblem(this.api.signup(newEmail(), weak), 400);
		assertProblem(this.api.login(email, WRONG_PASSWORD, "body"), 401);
		List<String> issued = new ArrayList<>();
		Map<String, Object> login = loginBody(email);
		issued.add((String) login.get("access_token"));
		String refresh = (String) login.get("refresh_token");
		issued.add(refresh);
		String first = refresh;
		for (int i = 0; i < 3; i++) {
			Map<String, Object> refreshed = json(this.api.refreshWithBody(refresh));
			issued.add((String) refreshed.get("access_token"));
			refresh = (String) refreshed.get("refresh_token");
			issued.add(refresh);
		}
		HttpResponse<String> cookieLogin = this.api.login(email, PASSWORD, "cookie");
		issued.add((String) json(cookieLogin).get("access_token"));
		String cookie = SetCookie.of(cookieLogin).value();
		issued.add(cookie);
		HttpResponse<String> cookieRefresh = this.api.refreshWithCookie(cookie);
		issued.add((String) json(cookieRefresh).get("access_token"));
		issued.add(SetCookie.of(cookieRefresh).value());
		String admin = adminToken();
		issued.add(admin);
		String id = this.api.userId(admin);
		this.api.get("/api/admin/users", admin);
		this.api.get("/api/auth/me", issued.get(0));
		// a replay (reuse detection), a disabled account, and every way of logging out
		this.api.refreshWithBody(first);
		this.api.logoutWithCookie(SetCookie.of(cookieRefresh).value());
		this.http.json("POST", "/api/auth/logout", null, "Authorization", "Bearer " + issued.get(0));
		String victim = signedUpUser();
		String victimToken = (String) loginBody(victim).get("access_token");
		issued.add(victimToken);
		this.api.admin("POST", "/api/admin/users/" + this.api.userId(victimToken) + "/disable", null, admin);
		this.api.login(victim, PASSWORD, "body");

		List<String> cells = allCells();
		String log = output.getAll();
		for (String token : issued) {
			String signature = token.substring(token.lastIndexOf('.') + 1);
			assertThat(cells).noneMatch((cell) -> cell.contains(signature));
			assertThat(log).doesNotContain(signature);
		}
		for (String password : List.of(PASSWORD, WRONG_PASSWORD, ADMIN_PASSWORD, weak)) {
			assertThat(cells).noneMatch((cell) -> cell.contains(password));
			assertThat(log).doesNotContain(password);
		}
		// the security events were logged (so the checks above looked at a real log)
		assertThat(log).contains("Login failed: wrong password for user")
			.contains("Refresh token reuse detected")
			.contains("Login refused: user")
			.contains("disabled user")
			.doesNotContain("$argon2");
		assertThat(id).isNotBlank();
	}

	/** Every cell of every table of the schema, as text; fails unless the session tables were read. */
	List<String> allCells() {
		List<String> tables = this.jdbc
			.sql("select distinct table_name from information_schema.columns where table_schema = current_schema()")
			.query(String.class)
			.list();
		assertThat(tables.stream().map((table) -> table.toLowerCase(Locale.ROOT)).toList()).contains("user_account", "refresh_family", "refresh_token", "login_throttle", "oauth2_authorization",
					"signing_key");
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

	/** {@code threads} calls started at once; their results. */
	static <T> List<T> race(int threads, ThrowingFunction<T> call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int index = i;
				Callable<T> task = () -> {
					start.await();
					return call.apply(index);
				};
				futures.add(pool.submit(task));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(120, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	interface ThrowingFunction<T> {

		T apply(int index) throws Exception;

	}

}
