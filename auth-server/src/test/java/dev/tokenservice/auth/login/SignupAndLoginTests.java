package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.login.AuthApi.SetCookie;
import dev.tokenservice.testsupport.TestHttp;
import dev.tokenservice.auth.support.TokenVerifier;
import org.junit.jupiter.api.Test;

import static dev.tokenservice.auth.login.AuthApi.newEmail;
import static dev.tokenservice.auth.support.Race.race;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Sign-up and login: validation, the password policy, token delivery and the claims of user tokens. */
interface SignupAndLoginTests extends FirstPartyApi {

	@Test
	default void signupCreatesAPlainUserAndIgnoresRequestedRoles() {
		String email = newEmail();
		HttpResponse<String> response = http().json("POST", "/api/auth/signup", "{\"email\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"admin\"],\"role\":\"admin\",\"enabled\":false}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(json(response)).containsEntry("email", email).containsEntry("roles", List.of("user")).containsKey("id");
		assertThat(response.body()).doesNotContain("password").doesNotContain("argon2");
		String token = (String) loginBody(email).get("access_token");
		assertProblem(api().get("/api/admin/users", token), 403);
	}

	@Test
	default void signupStoresTheEmailLowercasedAndRefusesItAgainInAnyCase() {
		String email = newEmail();
		HttpResponse<String> created = api().signup(email.toUpperCase(Locale.ROOT), PASSWORD);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(json(created)).containsEntry("email", email);

		assertProblem(api().signup(email, PASSWORD), 409);
		assertThat(api().login(email.toUpperCase(Locale.ROOT), PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	@Test
	default void signupNamesEveryBadFieldOnce() {
		// the email breaks two rules (size and format), the password one
		HttpResponse<String> response = api().signup("x".repeat(300), "short");

		assertProblem(response, 400);
		assertThat(errorFields(response)).containsExactlyInAnyOrder("email", "password");
	}

	@Test
	default void signupRefusesCommonGuessableAndPersonalPasswords() {
		for (String common : List.of("password123", "qwertyuiop", "iloveyou2024", "aaaaaaaaaaaa")) {
			HttpResponse<String> response = api().signup(newEmail(), common);
			assertProblem(response, 400);
			assertThat(errorFields(response)).as(common).containsExactly("password");
		}
		HttpResponse<String> personal = api().signup("marguerite.yourcenar@example.com", "Marguerite.Yourcenar-1903!");
		assertProblem(personal, 400);
		assertThat(personal.body()).contains("email address");
	}

	@Test
	default void signupChecksLengthInCharactersFrom8To128() {
		assertThat(errorFields(api().signup(newEmail(), "Zq7#xK2"))).containsExactly("password");
		assertThat(errorFields(api().signup(newEmail(), "x7Qk".repeat(33)))).containsExactly("password");
		// 128 characters that are 2 UTF-16 units each: within the limit
		String emoji = new String(Character.toChars(0x1F512)) + new String(Character.toChars(0x1F98A))
				+ new String(Character.toChars(0x1F3B8)) + new String(Character.toChars(0x1F30B));
		assertThat(api().signup(newEmail(), emoji.repeat(32)).statusCode()).isEqualTo(201);
	}

	@Test
	default void longPasswordsAreNeverTruncated() {
		// 100 ASCII characters: far beyond bcrypt's 72 bytes; the two differ only in the last one
		String password = "quiet orchard lamps ".repeat(5).substring(0, 99) + "A";
		String sameFirst99 = password.substring(0, 99) + "B";
		String email = api().signedUpUser(password);

		assertProblem(api().login(email, sameFirst99, "body"), 401);
		assertThat(api().login(email, password, "body").statusCode()).isEqualTo(200);
	}

	@Test
	default void concurrentSignupsWithOneEmailCreateOneAccount() throws Exception {
		String email = newEmail();
		List<Integer> statuses = race(8, (i) -> api()
			.signup((i % 2 == 0) ? email : email.toUpperCase(Locale.ROOT), PASSWORD)
			.statusCode());

		assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 409).hasSize(7);
	}

	@Test
	default void malformedOrMistypedBodiesAreProblems() {
		assertProblem(http().json("POST", "/api/auth/signup", "{nope"), 400);
		assertProblem(http().json("POST", "/api/auth/login", "[1,2]"), 400);
		assertProblem(http().json("POST", "/api/auth/signup", "{\"email\":{\"a\":1},\"password\":\"x\"}"), 400);
		assertProblem(http().json("POST", "/api/auth/signup", null), 400);
		HttpResponse<String> plainText = http().postBody("/api/auth/login", "text/plain",
				"email=a@example.com", null, null);
		assertProblem(plainText, 415);
	}

	@Test
	default void loginValidationNamesTheFieldsAsSent() {
		HttpResponse<String> response = http().json("POST", "/api/auth/login",
				"{\"email\":\"a@example.com\",\"refresh_token_delivery\":\"pigeon\"}");

		assertProblem(response, 400);
		assertThat(errorFields(response)).containsExactlyInAnyOrder("password", "refresh_token_delivery");
	}

	@Test
	default void loginWithCookieDeliveryPutsTheRefreshTokenOnlyInAHardenedCookie() {
		HttpResponse<String> response = api().login(signedUpUser(), PASSWORD, "cookie");

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
	default void cookieIsTheDefaultDelivery() {
		HttpResponse<String> response = http().json("POST", "/api/auth/login",
				"{\"email\":\"" + signedUpUser() + "\",\"password\":\"" + PASSWORD + "\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).doesNotContainKey("refresh_token");
		SetCookie.of(response).assertHardened();
	}

	@Test
	default void loginWithBodyDeliveryAndTheUsernameAliasSetsNoCookie() {
		String email = signedUpUser();

		HttpResponse<String> response = http().json("POST", "/api/auth/login", "{\"username\":\"" + email
				+ "\",\"password\":\"" + PASSWORD + "\",\"refresh_token_delivery\":\"body\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response)).containsKeys("access_token", "refresh_token", "refresh_expires_in");
		assertThat((Long) json(response).get("refresh_expires_in")).isBetween(Duration.ofDays(7).toSeconds() - 5,
				Duration.ofDays(7).toSeconds());
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	default void userAccessTokenCarriesTheRfc9068ClaimsAndRoles() throws ParseException {
		String email = signedUpUser();
		Map<String, Object> body = loginBody(email);

		SignedJWT jwt = TokenVerifier.verify((String) body.get("access_token"), http().get("/oauth2/jwks").body());

		assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		String userId = api().userId((String) body.get("access_token"));
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
	default void refreshTokenIsAJwtNoResourceServerAccepts() throws ParseException {
		Map<String, Object> body = loginBody(signedUpUser());

		SignedJWT refresh = TokenVerifier.verify((String) body.get("refresh_token"), http().get("/oauth2/jwks").body());

		assertThat(refresh.getHeader().getType().getType()).isEqualTo("rt+jwt");
		JWTClaimsSet claims = refresh.getJWTClaimsSet();
		assertThat(claims.getAudience()).containsExactly("http://localhost:9000/api/auth/refresh");
		assertThat(claims.getClaims()).containsKeys("jti", "sid", "sub", "exp", "iat", "iss");
		assertThat(claims.getStringClaim("sid"))
			.isEqualTo(SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet().getStringClaim("sid"));
		// the issuer's own resource-server side refuses it as an access token
		assertProblem(api().get("/api/auth/me", (String) body.get("refresh_token")), 401);
	}

	@Test
	default void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
		String email = signedUpUser();

		HttpResponse<String> wrongPassword = api().login(email, WRONG_PASSWORD, "body");
		HttpResponse<String> unknownEmail = api().login(newEmail(), PASSWORD, "body");

		assertProblem(wrongPassword, 401);
		assertProblem(unknownEmail, 401);
		assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
	}

	@Test
	default void meAnswersForTheBearerTokensUser() {
		String email = signedUpUser();
		String accessToken = (String) loginBody(email).get("access_token");

		HttpResponse<String> me = api().get("/api/auth/me", accessToken);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(json(me)).containsEntry("email", email).containsEntry("roles", List.of("user")).containsKey("id");

		HttpResponse<String> anonymous = http().json("GET", "/api/auth/me", null);
		assertProblem(anonymous, 401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer"));
		HttpResponse<String> forged = api().get("/api/auth/me", accessToken.substring(0, accessToken.length() - 4) + "AAAA");
		assertProblem(forged, 401);
		assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("invalid_token"));
	}

	@Test
	default void meWithABackendServiceTokenIsForbidden() {
		HttpResponse<String> token = http().postForm("/oauth2/token", TestHttp.form("grant_type", "client_credentials"),
				"demo-service", "demo-service-secret-change-me");
		assertThat(token.statusCode()).isEqualTo(200);

		assertProblem(api().get("/api/auth/me", (String) json(token).get("access_token")), 403);
	}

}
