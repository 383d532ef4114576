package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.support.Http;
import dev.tokenservice.auth.support.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.support.TokenVerifier;
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

import static dev.tokenservice.auth.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-party login over real HTTP: every status, the cookie, rotation, reuse detection,
 * lifetimes with a moved clock, logout, admin actions, throttling and the browser checks. Run on H2
 * and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.bootstrap-admin.email=root@example.com",
				"app.bootstrap-admin.password=" + FirstPartyLoginContract.ADMIN_PASSWORD,
				"app.cors.allowed-origins=https://app.example.com", "app.login-throttle.account-free-failures=3",
				"app.login-throttle.address-free-failures=12" })
@Import(MutableClockConfig.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class FirstPartyLoginContract {

	static final String ADMIN_PASSWORD = "ivory walrus conducts midnight orchestra";

	static final String PASSWORD = "violet tangerine bicycle harbor";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.jdbc.sql("delete from login_throttle").update();
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	// ---- helpers

	String newEmail() {
		return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	HttpResponse<String> signup(String email, String password) {
		return this.http.json("POST", "/api/auth/signup",
				"{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
	}

	String signedUpUser() {
		String email = newEmail();
		assertThat(signup(email, PASSWORD).statusCode()).isEqualTo(201);
		return email;
	}

	HttpResponse<String> login(String email, String password, String delivery) {
		return this.http.json("POST", "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password
				+ "\",\"refresh_token_delivery\":\"" + delivery + "\"}");
	}

	Map<String, Object> loginBody(String email) {
		HttpResponse<String> response = login(email, PASSWORD, "body");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	HttpResponse<String> refreshWithBody(String refreshToken) {
		return this.http.json("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	HttpResponse<String> refreshWithCookie(String cookieValue) {
		return this.http.json("POST", "/api/auth/refresh", null, "Cookie", "refresh_token=" + cookieValue);
	}

	static Map<String, String> cookieAttributes(HttpResponse<String> response) {
		String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		Map<String, String> attributes = new LinkedHashMap<>();
		String[] parts = setCookie.split(";");
		String[] nameValue = parts[0].split("=", 2);
		attributes.put("name", nameValue[0].trim());
		attributes.put("value", nameValue[1].trim());
		for (int i = 1; i < parts.length; i++) {
			String[] attribute = parts[i].trim().split("=", 2);
			attributes.put(attribute[0].toLowerCase(), (attribute.length > 1) ? attribute[1] : "");
		}
		return attributes;
	}

	static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response)).containsEntry("status", (long) status);
		assertThat(response.body()).doesNotContain("Exception");
	}

	static List<String> errorFields(HttpResponse<String> response) {
		return ((List<?>) json(response).get("errors")).stream()
			.map((error) -> (String) ((Map<?, ?>) error).get("field"))
			.toList();
	}

	// ---- sign-up

	@Test
	void signupCreatesAUserAndIgnoresRequestedRoles() {
		String email = newEmail();
		HttpResponse<String> response = this.http.json("POST", "/api/auth/signup", "{\"email\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"admin\"],\"role\":\"admin\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(json(response)).containsEntry("email", email).containsEntry("roles", List.of("user")).containsKey("id");
		assertThat(response.body()).doesNotContain("password");
	}

	@Test
	void signupRejectsBadFieldsWithOneMessageEach() {
		HttpResponse<String> response = signup("not-an-email", "short");

		assertProblem(response, 400);
		assertThat(errorFields(response)).containsExactlyInAnyOrder("email", "password");
	}

	@Test
	void signupRejectsCommonAndPersonalPasswords() {
		HttpResponse<String> common = signup(newEmail(), "password123");
		assertProblem(common, 400);
		assertThat(errorFields(common)).containsExactly("password");

		HttpResponse<String> personal = signup("marguerite.yourcenar@example.com", "Marguerite.Yourcenar-1903!");
		assertProblem(personal, 400);
		assertThat(json(personal).toString()).contains("email");

		assertProblem(signup(newEmail(), "x".repeat(129)), 400);
	}

	@Test
	void duplicateEmailIsConflictRegardlessOfCase() {
		String email = signedUpUser();

		assertProblem(signup(email.toUpperCase(), PASSWORD), 409);
	}

	@Test
	void malformedJsonIsBadRequest() {
		assertProblem(this.http.json("POST", "/api/auth/signup", "{nope"), 400);
		assertProblem(this.http.json("POST", "/api/auth/login", "[1,2]"), 400);
	}

	// ---- login

	@Test
	void loginWithCookieDeliveryPutsRefreshTokenOnlyInAHardenedCookie() {
		String email = signedUpUser();

		HttpResponse<String> response = login(email, PASSWORD, "cookie");

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 600L)
			.containsEntry("scope", "people:read people:write")
			.containsKey("access_token")
			.doesNotContainKeys("refresh_token", "refresh_expires_in");
		Map<String, String> cookie = cookieAttributes(response);
		assertThat(cookie).containsEntry("name", "refresh_token")
			.containsKeys("httponly", "secure")
			.containsEntry("samesite", "Strict")
			.containsEntry("path", "/api/auth");
		assertThat(Long.parseLong(cookie.get("max-age"))).isBetween(Duration.ofDays(30).toSeconds() - 5,
				Duration.ofDays(30).toSeconds());
	}

	@Test
	void loginWithBodyDeliveryAndUsernameAliasSetsNoCookie() {
		String email = signedUpUser();

		HttpResponse<String> response = this.http.json("POST", "/api/auth/login", "{\"username\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"refresh_token_delivery\":\"body\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response)).containsKeys("access_token", "refresh_token", "refresh_expires_in");
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void userAccessTokenCarriesTheRfc9068ClaimsAndRoles() throws ParseException {
		String email = signedUpUser();
		Map<String, Object> body = loginBody(email);

		SignedJWT jwt = TokenVerifier.verify((String) body.get("access_token"), this.http.get("/oauth2/jwks").body());

		assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		String userId = (String) json(this.http.json("GET", "/api/auth/me", null, "Authorization",
				"Bearer " + body.get("access_token"))).get("id");
		assertThat(claims.getSubject()).isEqualTo(userId).isNotEqualTo(email);
		assertThat(claims.getAudience()).containsExactly("people-api");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("first-party");
		assertThat(claims.getStringClaim("scope")).isEqualTo("people:read people:write");
		assertThat(claims.getStringListClaim("roles")).containsExactly("user");
		assertThat(claims.getStringClaim("email")).isEqualTo(email);
		assertThat(claims.getStringClaim("sid")).isNotBlank();
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssuer()).isEqualTo("http://localhost:9000");
	}

	@Test
	void refreshTokenIsAJwtNoResourceServerAccepts() throws ParseException {
		Map<String, Object> body = loginBody(signedUpUser());

		SignedJWT refresh = TokenVerifier.verify((String) body.get("refresh_token"), this.http.get("/oauth2/jwks").body());

		assertThat(refresh.getHeader().getType().getType()).isEqualTo("rt+jwt");
		assertThat(refresh.getJWTClaimsSet().getAudience()).containsExactly("http://localhost:9000/api/auth/refresh");
		assertThat(refresh.getJWTClaimsSet().getClaims()).containsKeys("jti", "sid", "sub", "exp");
	}

	@Test
	void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
		String email = signedUpUser();

		HttpResponse<String> wrongPassword = login(email, "not the right passphrase", "body");
		HttpResponse<String> unknownEmail = login(newEmail(), PASSWORD, "body");

		assertProblem(wrongPassword, 401);
		assertProblem(unknownEmail, 401);
		assertThat(json(wrongPassword).get("detail")).isEqualTo(json(unknownEmail).get("detail"));
		assertThat(json(wrongPassword).get("title")).isEqualTo(json(unknownEmail).get("title"));
	}

	@Test
	void meNeedsABearerToken() {
		String email = signedUpUser();
		String accessToken = (String) loginBody(email).get("access_token");

		HttpResponse<String> me = this.http.json("GET", "/api/auth/me", null, "Authorization", "Bearer " + accessToken);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(json(me)).containsEntry("email", email).containsEntry("roles", List.of("user"));

		HttpResponse<String> anonymous = this.http.json("GET", "/api/auth/me", null);
		assertProblem(anonymous, 401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer"));
	}

	// ---- refresh

	@Test
	void refreshByCookieRotatesAndAnswersByCookie() {
		HttpResponse<String> login = login(signedUpUser(), PASSWORD, "cookie");
		String first = cookieAttributes(login).get("value");

		HttpResponse<String> refreshed = refreshWithCookie(first);

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(json(refreshed)).containsKey("access_token").doesNotContainKey("refresh_token");
		String second = cookieAttributes(refreshed).get("value");
		assertThat(second).isNotBlank().isNotEqualTo(first);
		assertThat(refreshWithCookie(second).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshByBodyRotatesAndAnswersInTheBody() {
		String first = (String) loginBody(signedUpUser()).get("refresh_token");

		HttpResponse<String> refreshed = refreshWithBody(first);

		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(refreshed.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat((String) json(refreshed).get("refresh_token")).isNotEqualTo(first);
	}

	@Test
	void reusedRefreshTokenRevokesTheFamily() {
		String first = (String) loginBody(signedUpUser()).get("refresh_token");
		String second = (String) json(refreshWithBody(first)).get("refresh_token");

		assertProblem(refreshWithBody(first), 401);

		assertProblem(refreshWithBody(second), 401);
	}

	@Test
	void concurrentRefreshesWithOneTokenHaveExactlyOneWinner() throws Exception {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		ExecutorService pool = Executors.newFixedThreadPool(10);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> statuses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			statuses.add(pool.submit(() -> {
				start.await();
				return refreshWithBody(token).statusCode();
			}));
		}
		start.countDown();
		List<Integer> results = new ArrayList<>();
		for (Future<Integer> status : statuses) {
			results.add(status.get(60, TimeUnit.SECONDS));
		}
		pool.shutdown();

		assertThat(results).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(results).filteredOn((status) -> status == 401).hasSize(9);
	}

	@Test
	void badRefreshTokensAreUnauthorizedAndClearTheCookie() {
		String accessToken = (String) loginBody(signedUpUser()).get("access_token");

		for (String bad : List.of("garbage", accessToken, "a.b.c")) {
			HttpResponse<String> byCookie = refreshWithCookie(bad);
			assertProblem(byCookie, 401);
			assertThat(cookieAttributes(byCookie)).containsEntry("value", "").containsEntry("max-age", "0");
			assertProblem(refreshWithBody(bad), 401);
		}
		assertProblem(this.http.json("POST", "/api/auth/refresh", null), 401);
	}

	@Test
	void rotationNeverExtendsTheAbsoluteLifetime() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		for (int day = 6; day <= 30; day += 6) {
			this.clock.advance(Duration.ofDays(6));
			HttpResponse<String> refreshed = refreshWithBody(token);
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
	void refreshTokenUnusedForTheIdleTimeoutExpires() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");

		this.clock.advance(Duration.ofDays(7).plusSeconds(1));

		assertProblem(refreshWithBody(token), 401);
	}

	// ---- logout

	@Test
	void logoutByCookieEndsTheSessionAndClearsTheCookie() {
		String cookie = cookieAttributes(login(signedUpUser(), PASSWORD, "cookie")).get("value");

		HttpResponse<String> logout = this.http.json("POST", "/api/auth/logout", null, "Cookie", "refresh_token=" + cookie);

		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(cookieAttributes(logout)).containsEntry("value", "").containsEntry("max-age", "0");
		assertProblem(refreshWithCookie(cookie), 401);
	}

	@Test
	void logoutByBodyEndsTheSessionAndIsIdempotent() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		String body = "{\"refresh_token\":\"" + token + "\"}";

		assertThat(this.http.json("POST", "/api/auth/logout", body).statusCode()).isEqualTo(204);
		assertThat(this.http.json("POST", "/api/auth/logout", body).statusCode()).isEqualTo(204);
		assertThat(this.http.json("POST", "/api/auth/logout", null).statusCode()).isEqualTo(204);
		assertProblem(refreshWithBody(token), 401);
	}

	@Test
	void logoutByAccessTokenEndsItsSession() {
		Map<String, Object> login = loginBody(signedUpUser());

		HttpResponse<String> logout = this.http.json("POST", "/api/auth/logout", null, "Authorization",
				"Bearer " + login.get("access_token"));

		assertThat(logout.statusCode()).isEqualTo(204);
		assertProblem(refreshWithBody((String) login.get("refresh_token")), 401);
	}

	// ---- admin

	String adminToken() {
		HttpResponse<String> response = login("root@example.com", ADMIN_PASSWORD, "body");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) json(response).get("access_token");
	}

	String userId(String accessToken) {
		return (String) json(this.http.json("GET", "/api/auth/me", null, "Authorization", "Bearer " + accessToken))
			.get("id");
	}

	@Test
	void adminApiIsForAdminsOnly() {
		String userToken = (String) loginBody(signedUpUser()).get("access_token");

		assertProblem(this.http.json("GET", "/api/admin/users", null, "Authorization", "Bearer " + userToken), 403);
		assertProblem(this.http.json("GET", "/api/admin/users", null), 401);

		HttpResponse<String> page = this.http.json("GET", "/api/admin/users?size=2", null, "Authorization",
				"Bearer " + adminToken());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(json(page)).containsKeys("content", "page");
		assertThat(page.body()).doesNotContain("passwordHash").doesNotContain("$argon2");
	}

	@Test
	void adminGrantsRolesThatAppearInNewTokens() throws ParseException {
		String email = signedUpUser();
		String id = userId((String) loginBody(email).get("access_token"));

		HttpResponse<String> updated = this.http.json("PUT", "/api/admin/users/" + id + "/roles",
				"{\"roles\":[\"admin\"]}", "Authorization", "Bearer " + adminToken());

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated)).containsEntry("roles", List.of("user", "admin"));
		String token = (String) loginBody(email).get("access_token");
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("roles")).containsExactly("user",
				"admin");
		assertProblem(this.http.json("PUT", "/api/admin/users/" + id + "/roles", "{\"roles\":[\"root\"]}",
				"Authorization", "Bearer " + adminToken()), 400);
		assertProblem(this.http.json("PUT", "/api/admin/users/nobody/roles", "{\"roles\":[\"user\"]}",
				"Authorization", "Bearer " + adminToken()), 404);
	}

	@Test
	void disabledUserCannotLogInOrRefreshUntilEnabled() {
		String email = signedUpUser();
		Map<String, Object> login = loginBody(email);
		String id = userId((String) login.get("access_token"));

		HttpResponse<String> disabled = this.http.json("POST", "/api/admin/users/" + id + "/disable", null,
				"Authorization", "Bearer " + adminToken());
		assertThat(disabled.statusCode()).isEqualTo(200);

		assertProblem(login(email, PASSWORD, "body"), 403);
		assertProblem(refreshWithBody((String) login.get("refresh_token")), 401);

		this.http.json("POST", "/api/admin/users/" + id + "/enable", null, "Authorization", "Bearer " + adminToken());
		assertThat(login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	void adminRevokingSessionsEndsEveryFamilyOfTheUser() {
		String email = signedUpUser();
		String first = (String) loginBody(email).get("refresh_token");
		Map<String, Object> second = loginBody(email);

		HttpResponse<String> revoked = this.http.json("DELETE",
				"/api/admin/users/" + userId((String) second.get("access_token")) + "/sessions", null, "Authorization",
				"Bearer " + adminToken());

		assertThat(revoked.statusCode()).isEqualTo(204);
		assertProblem(refreshWithBody(first), 401);
		assertProblem(refreshWithBody((String) second.get("refresh_token")), 401);
	}

	// ---- throttling

	@Test
	void repeatedFailuresForOneAccountAreThrottledProgressively() {
		String email = signedUpUser();
		for (int i = 0; i < 4; i++) {
			assertProblem(login(email, "wrong wrong wrong wrong", "body"), 401);
		}

		HttpResponse<String> throttled = login(email, PASSWORD, "body");
		assertProblem(throttled, 429);
		assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");

		this.clock.advance(Duration.ofSeconds(2));
		assertProblem(login(email, "wrong wrong wrong wrong", "body"), 401);
		HttpResponse<String> longer = login(email, PASSWORD, "body");
		assertProblem(longer, 429);
		assertThat(longer.headers().firstValue("Retry-After")).hasValue("2");

		this.clock.advance(Duration.ofSeconds(3));
		assertThat(login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
		// the success reset the account's counter
		assertProblem(login(email, "wrong wrong wrong wrong", "body"), 401);
		assertThat(login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	void repeatedFailuresFromOneAddressAreThrottledAcrossAccounts() {
		for (int i = 0; i < 13; i++) {
			login(newEmail(), PASSWORD, "body");
		}

		HttpResponse<String> throttled = login(signedUpUser(), PASSWORD, "body");

		assertProblem(throttled, 429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
	}

	// ---- browsers

	@Test
	void cookieRequestFromAnUntrustedOriginIsForbidden() {
		String cookie = cookieAttributes(login(signedUpUser(), PASSWORD, "cookie")).get("value");

		HttpResponse<String> foreign = this.http.json("POST", "/api/auth/refresh", null, "Cookie",
				"refresh_token=" + cookie, "Origin", "https://evil.example");
		assertProblem(foreign, 403);

		HttpResponse<String> trusted = this.http.json("POST", "/api/auth/refresh", null, "Cookie",
				"refresh_token=" + cookie, "Origin", "https://app.example.com");
		assertThat(trusted.statusCode()).isEqualTo(200);
		assertThat(trusted.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(trusted.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
	}

	@Test
	void corsPreflightIsAnsweredForAllowedOriginsOnly() {
		HttpResponse<String> allowed = this.http.json("OPTIONS", "/api/auth/refresh", null, "Origin",
				"https://app.example.com", "Access-Control-Request-Method", "POST");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");

		HttpResponse<String> refused = this.http.json("OPTIONS", "/api/auth/refresh", null, "Origin",
				"https://evil.example", "Access-Control-Request-Method", "POST");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	// ---- what is stored and logged

	@Test
	void noIssuedTokenValueIsStoredInAnyTable(CapturedOutput output) {
		String email = signedUpUser();
		List<String> issued = new ArrayList<>();
		Map<String, Object> login = loginBody(email);
		issued.add((String) login.get("access_token"));
		String refresh = (String) login.get("refresh_token");
		issued.add(refresh);
		for (int i = 0; i < 3; i++) {
			Map<String, Object> refreshed = json(refreshWithBody(refresh));
			issued.add((String) refreshed.get("access_token"));
			refresh = (String) refreshed.get("refresh_token");
			issued.add(refresh);
		}
		HttpResponse<String> cookieLogin = login(email, PASSWORD, "cookie");
		issued.add((String) json(cookieLogin).get("access_token"));
		issued.add(cookieAttributes(cookieLogin).get("value"));

		List<String> cells = allCells();
		assertThat(cells).isNotEmpty();
		for (String token : issued) {
			String signature = token.substring(token.lastIndexOf('.') + 1);
			assertThat(cells).noneMatch((cell) -> cell.contains(signature));
		}
		assertThat(cells).noneMatch((cell) -> cell.contains(PASSWORD));
		String log = output.getAll();
		for (String token : issued) {
			assertThat(log).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
		}
		assertThat(log).doesNotContain(PASSWORD).doesNotContain(ADMIN_PASSWORD);
	}

	/** Every cell of every table of the schema, as text. */
	List<String> allCells() {
		List<String> tables = this.jdbc
			.sql("select table_name from information_schema.tables where table_schema = current_schema()"
					+ " and table_type in ('BASE TABLE', 'TABLE')")
			.query(String.class)
			.list();
		List<String> cells = new ArrayList<>();
		for (String table : tables) {
			// identifiers cannot be bound; these names come from the database's own catalog, quoted as stored
			this.jdbc.sql("select * from \"" + table + "\"")
				.query()
				.listOfRows()
				.forEach((row) -> row.values().forEach((value) -> cells.add(String.valueOf(value))));
		}
		return cells;
	}

}
