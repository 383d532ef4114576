package dev.tokenservice.auth.browser;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.AuthServerApplication;
import dev.tokenservice.auth.browser.Browser.Page;
import dev.tokenservice.auth.issuer.TokenHashes;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser side of the authorization-code flow over real HTTP, driven as a browser without
 * JavaScript drives it: login, sign-up, consent, the account pages, the authorization endpoint's
 * answers and errors, RP-initiated logout, two nodes on one database; and that no HttpSession, no
 * cookie value and no password ends up anywhere. On H2 and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.bootstrap.admin.email=root@example.com",
				"app.bootstrap.admin.password=" + BrowserFlowContract.PASSWORD, "app.login-throttle.account-free-failures=3", "app.login-throttle.address-free-failures=50",
				"app.login-throttle.first-delay=1m", "app.login-throttle.max-delay=15m" })
@Import(MutableClockConfig.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class BrowserFlowContract {

	static final String PASSWORD = "granite pelican trombone 42";

	static final String ISSUER = "http://localhost:9000";

	static final String APP = "http://app.test/callback";

	static final String THIRD_PARTY = "http://third.test/callback";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserService users;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	Environment environment;

	Browser browser;

	@BeforeEach
	void setUp() {
		this.browser = new Browser();
		this.jdbc.sql("delete from login_throttle").update();
		register("spa", "Demo app", false, List.of(APP, "http://127.0.0.1/callback"));
		register("third-party", "Photo Printer", true, List.of(THIRD_PARTY));
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	private void register(String clientId, String name, boolean requireConsent, List<String> redirectUris) {
		if (this.clients.findByClientId(clientId) != null) {
			return;
		}
		this.clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName(name)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris((uris) -> uris.addAll(redirectUris))
			.postLogoutRedirectUri("http://app.test/")
			.scopes((scopes) -> scopes.addAll(List.of(OidcScopes.OPENID, "email", "people:read", "people:write")))
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(requireConsent).build())
			.build());
	}

	// ---- login

	@Test
	void loginContinuesTheSavedAuthorizationRequestToACodeWithIssAndState() {
		UserAccount user = newUser();
		Page login = this.browser.open(authorize("spa", APP, "openid people:read", "st-1"));
		assertThat(login.response().uri().getPath()).isEqualTo("/login");
		assertThat(login.document().select("label[for=username]").text()).isEqualTo("Email");
		assertThat(login.document().select("label[for=password]").text()).isEqualTo("Password");
		assertThat(login.document().select("a[href=/signup]")).hasSize(1);

		Page callback = signIn(login, user.email(), PASSWORD);

		assertThat(callback.location()).hasValueSatisfying((location) -> assertThat(location).startsWith(APP + "?"));
		Map<String, String> parameters = callback.redirectParameters();
		assertThat(parameters).containsKey("code").containsEntry("state", "st-1").containsEntry("iss", ISSUER);
	}

	@Test
	void theLoginPageLinksItsStylesheetWhichIsServedAndOtherPathsAreNoStaticFiles() {
		Page login = this.browser.open(url("/login"));
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.document().select("link[rel=stylesheet]").attr("href")).isEqualTo("/css/pages.css");
		assertThat(login.document().select("form").attr("action")).endsWith("/login");

		Page css = this.browser.open(url("/css/pages.css"));
		assertThat(css.status()).isEqualTo(200);
		assertThat(css.response().headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/css"));
		// static files live under /css/ only (spring.mvc.static-path-pattern)
		assertThat(this.browser.open(url("/pages.css")).status()).isNotEqualTo(200);
	}

	@Test
	void withoutASavedRequestTheLoginEndsOnTheAccountPage() {
		UserAccount user = newUser();
		Page account = signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		assertThat(account.response().uri().getPath()).isEqualTo("/account");
		assertThat(account.text("#email")).isEqualTo(user.email());
	}

	@Test
	void aWrongPasswordAndAnUnknownEmailGetTheSameMessage() {
		UserAccount user = newUser();
		Page wrong = signIn(this.browser.open(url("/login")), user.email(), "not the password at all");
		Page unknown = signIn(this.browser.open(url("/login")), "nobody-" + UUID.randomUUID() + "@example.com",
				PASSWORD);
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(wrong.text(".error")).isEqualTo("Wrong email or password.").isEqualTo(unknown.text(".error"));
		// the typed email stays in the field; the password never comes back
		assertThat(wrong.document().selectFirst("#username").attr("value")).isEqualTo(user.email());
		assertThat(wrong.document().selectFirst("#password").hasAttr("value")).isFalse();
		assertThat(this.browser.cookie(BrowserSessions.COOKIE)).isEmpty();
	}

	@Test
	void failuresOnThePageAndOnTheApiAddUpAndThePageTellsTheWait() {
		UserAccount user = newUser();
		TestHttp api = TestHttp.localhost(this.port);
		Map<String, String> wrongApiLogin = Map.of("email", user.email(), "password", "wrong password one");
		// three free failures for the account, two here and one there, then the API's fourth blocks it
		assertThat(signIn(this.browser.open(url("/login")), user.email(), "wrong password one").status()).isEqualTo(401);
		assertThat(api.jsonObject("POST", "/api/auth/login", wrongApiLogin).statusCode()).isEqualTo(401);
		assertThat(signIn(this.browser.open(url("/login")), user.email(), "wrong password two").status()).isEqualTo(401);
		assertThat(api.jsonObject("POST", "/api/auth/login", wrongApiLogin).statusCode()).isEqualTo(401);

		Page throttled = signIn(this.browser.open(url("/login")), user.email(), PASSWORD);

		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.response().headers().firstValue("Retry-After")).hasValue("60");
		assertThat(throttled.text(".error")).isEqualTo("Too many failed sign-ins. Wait 60 seconds, then try again.");
		assertThat(api.jsonObject("POST", "/api/auth/login", Map.of("email", user.email(), "password", PASSWORD))
			.statusCode()).isEqualTo(429);
	}

	@Test
	void aDisabledUserIsRefusedOnThePageAndTheirLoginSessionNoLongerCounts() {
		UserAccount user = newUser();
		Browser signedIn = this.browser;
		signIn(signedIn.open(url("/login")), user.email(), PASSWORD);
		assertThat(signedIn.open(url("/account")).response().uri().getPath()).isEqualTo("/account");

		this.users.setEnabled(user.id(), false, "user:test");

		Browser other = new Browser();
		Page refused = other.submit(other.open(url("/login")), "form[action=/login]",
				Map.of("username", user.email(), "password", PASSWORD));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.text(".error")).isEqualTo("This account is disabled. Ask an administrator to enable it.");
		assertThat(signedIn.open(url("/account")).response().uri().getPath()).isEqualTo("/login");
		Page authorize = signedIn.open(authorize("spa", APP, "openid", "st"));
		assertThat(authorize.response().uri().getPath()).isEqualTo("/login");
		assertThat(rowsOf(user)).isZero();
	}

	@Test
	void anAdminWhoRevokesAllSessionsOfAUserEndsTheirBrowserLoginToo() {
		UserAccount user = newUser();
		signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		TestHttp api = TestHttp.localhost(this.port);
		String adminToken = TestHttp.json(api.jsonObject("POST", "/api/auth/login",
				Map.of("email", "root@example.com", "password", PASSWORD, "refresh_token_delivery", "body")))
			.get("access_token")
			.toString();

		assertThat(api.json("DELETE", "/api/admin/users/" + user.id() + "/sessions", null, TestHttp.bearer(adminToken))
			.statusCode()).isEqualTo(204);

		assertThat(rowsOf(user)).isZero();
		assertThat(this.browser.open(url("/account")).response().uri().getPath()).isEqualTo("/login");
	}

	@Test
	void disablingAUserEndsTheirBrowserLoginSoEnabledAgainTheOldCookieGetsNoCode() {
		UserAccount user = newUser();
		signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		TestHttp api = TestHttp.localhost(this.port);
		String adminToken = adminToken();

		assertThat(api.json("POST", "/api/admin/users/" + user.id() + "/disable", null, TestHttp.bearer(adminToken))
			.statusCode()).isEqualTo(200);
		assertThat(rowsOf(user)).isZero();
		assertThat(api.json("POST", "/api/admin/users/" + user.id() + "/enable", null, TestHttp.bearer(adminToken))
			.statusCode()).isEqualTo(200);

		// the cookie is still in the browser: it signs nobody in, so the authorization request asks for a login
		assertThat(this.browser.cookie(BrowserSessions.COOKIE)).isPresent();
		Page authorize = this.browser.open(authorize("spa", APP, "openid", "after-disable"));
		assertThat(authorize.response().uri().getPath()).isEqualTo("/login");
		assertThat(authorize.location()).isEmpty();
	}

	@Test
	void aNewLoginReplacesTheCookieAndEndsTheSessionItPresented() {
		UserAccount user = newUser();
		signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		String first = this.browser.cookie(BrowserSessions.COOKIE).orElseThrow();
		signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		String second = this.browser.cookie(BrowserSessions.COOKIE).orElseThrow();
		assertThat(second).isNotEqualTo(first);
		assertThat(hashes(user)).containsExactly(TokenHashes.hash(second));
	}

	@Test
	void theTableHoldsTheHashOfTheCookieNeverItsValue() {
		UserAccount user = newUser();
		signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		String cookie = this.browser.cookie(BrowserSessions.COOKIE).orElseThrow();
		assertThat(Base64.getUrlDecoder().decode(cookie)).hasSize(32);
		String row = this.jdbc.sql("select * from login_session where user_id = ?")
			.param(user.id())
			.query((rs, n) -> {
				StringBuilder all = new StringBuilder();
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
					all.append(rs.getString(i)).append('|');
				}
				return all.toString();
			})
			.single();
		assertThat(row).doesNotContain(cookie).contains(TokenHashes.hash(cookie));
	}

	@Test
	void theSessionEndsAfterTheIdleTimeoutUnlessUsedAndAtTheMaxLifetimeAnyway() {
		UserAccount user = newUser();
		signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		// used every 20 minutes: the 30-minute idle timeout moves along with it
		for (int i = 0; i < 3; i++) {
			this.clock.advance(Duration.ofMinutes(20));
			assertThat(this.browser.open(url("/account")).response().uri().getPath()).isEqualTo("/account");
		}
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(this.browser.open(url("/account")).response().uri().getPath()).isEqualTo("/login");

		signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		for (int i = 0; i < 34; i++) {
			this.clock.advance(Duration.ofMinutes(20));
			this.browser.get(url("/account"));
		}
		// 11h20 of steady use: past the 10h lifetime
		assertThat(this.browser.open(url("/account")).response().uri().getPath()).isEqualTo("/login");
	}

	@Test
	void signOutEndsTheLoginSession() {
		UserAccount user = newUser();
		Page account = signIn(this.browser.open(url("/login")), user.email(), PASSWORD);
		Page signedOut = this.browser.submit(account, "form[action=/logout]", Map.of());
		assertThat(signedOut.response().uri().getPath()).isEqualTo("/login");
		assertThat(signedOut.text(".notice")).isEqualTo("You are signed out.");
		assertThat(rowsOf(user)).isZero();
		assertThat(this.browser.open(url("/account")).response().uri().getPath()).isEqualTo("/login");
	}

	@Test
	void aFormWithoutItsCsrfTokenGetsThe403Page() {
		UserAccount user = newUser();
		Page refused = this.browser.post(url("/login"), Map.of("username", user.email(), "password", PASSWORD));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.response().headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(refused.text("h1")).isEqualTo("This form has expired");
		assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at org.");
		assertThat(this.browser.cookie(BrowserSessions.COOKIE)).isEmpty();
	}

	// ---- sign-up

	@Test
	void signUpWithAWeakPasswordShowsThePolicyNextToTheField() {
		Page signup = this.browser.open(url("/signup"));
		assertThat(signup.document().select("a[href=/login]")).hasSize(1);
		String email = "new-" + UUID.randomUUID() + "@example.com";
		Page refused = this.browser.submit(signup, "form", Map.of("email", email, "password", "password1"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("#password-error")).contains("too common or too easy to guess");
		assertThat(refused.document().selectFirst("#email").attr("value")).isEqualTo(email);
		assertThat(refused.document().selectFirst("#password").hasAttr("value")).isFalse();
		assertThat(this.jdbc.sql("select count(*) from user_account where email = ?").param(email).query(Integer.class).single())
			.isZero();
	}

	@Test
	void signUpWithATakenEmailSaysSoNextToTheEmail() {
		UserAccount user = newUser();
		Page refused = this.browser.submit(this.browser.open(url("/signup")), "form",
				Map.of("email", user.email(), "password", PASSWORD));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("#email-error")).isEqualTo("An account with this email already exists. Sign in instead.");
	}

	@Test
	void signUpSignsInAndContinuesTheAuthorizationRequest() {
		Page login = this.browser.open(authorize("spa", APP, "openid", "st-signup"));
		Page signup = this.browser.open(login.response().uri().resolve("/signup").toString());
		String email = "new-" + UUID.randomUUID() + "@example.com";
		Page callback = this.browser.submit(signup, "form", Map.of("email", email, "password", PASSWORD));
		assertThat(callback.redirectParameters()).containsKey("code")
			.containsEntry("state", "st-signup")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void promptCreateSendsASignedOutBrowserToSignUpWhichContinuesTheAuthorizationRequest() {
		Page signup = this.browser.open(authorize("spa", APP, "openid", "st-create") + "&prompt=create");
		assertThat(signup.status()).isEqualTo(200);
		assertThat(signup.response().uri().getPath()).isEqualTo("/signup");
		assertSecurityHeaders(signup.response());

		String email = "created-" + UUID.randomUUID() + "@example.com";
		Page callback = this.browser.submit(signup, "form", Map.of("email", email, "password", PASSWORD));

		assertThat(callback.location()).hasValueSatisfying((location) -> assertThat(location).startsWith(APP + "?"));
		assertThat(callback.redirectParameters()).containsKey("code")
			.containsEntry("state", "st-create")
			.containsEntry("iss", ISSUER);
		// signed in now: the same request gets its code straight away, without another sign-up
		Page again = this.browser.open(authorize("spa", APP, "openid", "st-again") + "&prompt=create");
		assertThat(again.redirectParameters()).containsKey("code").containsEntry("state", "st-again");
		// without prompt=create a signed-out browser still goes to the login page
		assertThat(new Browser().open(authorize("spa", APP, "openid", "st-login")).response().uri().getPath())
			.isEqualTo("/login");
	}

	// ---- consent

	@Test
	void aConsentClientAsksInWordsAndApprovalIsRememberedUntilRevoked() {
		UserAccount user = newUser();
		Page consent = signIn(this.browser.open(authorize("third-party", THIRD_PARTY, "openid people:read", "c1")),
				user.email(), PASSWORD);
		assertThat(consent.response().uri().getPath()).isEqualTo("/oauth2/consent");
		assertThat(consent.text("h1")).isEqualTo("Photo Printer wants to use your account");
		assertThat(consent.document().select("li").eachText()).contains("read the people directory",
				"know who you are (your account id)");

		Page approved = this.browser.submit(consent, "form:has(#approve)", Map.of());
		assertThat(approved.redirectParameters()).containsKey("code").containsEntry("state", "c1").containsEntry("iss",
				ISSUER);

		// remembered: straight to the code
		Page again = this.browser.open(authorize("third-party", THIRD_PARTY, "openid people:read", "c2"));
		assertThat(again.redirectParameters()).containsKey("code").containsEntry("state", "c2");

		Page consents = this.browser.open(url("/account/consents"));
		assertThat(consents.text("h2")).isEqualTo("Photo Printer");
		Page revoked = this.browser.submit(consents, "form[action=/account/consents/revoke]", Map.of());
		assertThat(revoked.text(".notice")).isEqualTo("Done. That app will ask again next time.");
		assertThat(revoked.document().select("h2")).isEmpty();

		Page asksAgain = this.browser.open(authorize("third-party", THIRD_PARTY, "openid people:read", "c3"));
		assertThat(asksAgain.response().uri().getPath()).isEqualTo("/oauth2/consent");
	}

	@Test
	void denyingConsentSendsAccessDeniedWithIssToTheClient() {
		UserAccount user = newUser();
		Page consent = signIn(this.browser.open(authorize("third-party", THIRD_PARTY, "people:write", "d1")),
				user.email(), PASSWORD);
		Page denied = this.browser.submit(consent, "form:has(#deny)", Map.of());
		assertThat(denied.location()).hasValueSatisfying((location) -> assertThat(location).startsWith(THIRD_PARTY));
		assertThat(denied.redirectParameters()).containsEntry("error", "access_denied")
			.containsEntry("state", "d1")
			.containsEntry("iss", ISSUER)
			.doesNotContainKey("code");
	}

	// ---- the authorization endpoint's rules

	@Test
	void requestsThatCannotGoBackToTheClientGetAn400HtmlPageNeverARedirect() {
		signIn(this.browser.open(url("/login")), newUser().email(), PASSWORD);
		String unknownClient = authorize("no-such-client", APP, "openid", "s");
		String foreignRedirect = authorize("spa", "https://evil.test/callback", "openid", "s");
		String missingClientId = url("/oauth2/authorize?response_type=code&redirect_uri=" + APP + "&state=s");
		String almostTheRedirect = authorize("spa", APP + "/", "openid", "s");
		for (String request : List.of(unknownClient, foreignRedirect, missingClientId, almostTheRedirect)) {
			for (Browser who : List.of(this.browser, new Browser())) {
				HttpResponse<String> response = who.get(request);
				assertThat(response.statusCode()).as(request).isEqualTo(400);
				assertThat(response.headers().firstValue("Location")).as(request).isEmpty();
				assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
						(type) -> assertThat(type).startsWith("text/html"));
				assertThat(new Page(response).text("h1")).isEqualTo("This sign-in request cannot be completed");
				assertSecurityHeaders(response);
			}
		}
	}

	@Test
	void pkceIsRequiredAndOnlyS256Counts() {
		signIn(this.browser.open(url("/login")), newUser().email(), PASSWORD);
		String base = url("/oauth2/authorize?response_type=code&client_id=spa&redirect_uri=" + APP
				+ "&scope=openid&state=p");
		Page missing = new Page(this.browser.get(base));
		Page plain = new Page(this.browser.get(base + "&code_challenge=" + "a".repeat(43) + "&code_challenge_method=plain"));
		for (Page refused : List.of(missing, plain)) {
			assertThat(refused.location()).hasValueSatisfying((location) -> assertThat(location).startsWith(APP));
			assertThat(refused.redirectParameters()).containsEntry("error", "invalid_request")
				.containsEntry("state", "p")
				.containsEntry("iss", ISSUER)
				.doesNotContainKey("code");
		}
	}

	@Test
	void aLoopbackRedirectMayNameAnyPort() {
		signIn(this.browser.open(url("/login")), newUser().email(), PASSWORD);
		Page callback = new Page(this.browser.get(authorize("spa", "http://127.0.0.1:53124/callback", "openid", "l")));
		assertThat(callback.location()).hasValueSatisfying(
				(location) -> assertThat(location).startsWith("http://127.0.0.1:53124/callback?code="));
		Page otherPath = new Page(this.browser.get(authorize("spa", "http://127.0.0.1:53124/other", "openid", "l")));
		assertThat(otherPath.status()).isEqualTo(400);
	}

	@Test
	void onlyResponseTypeCodeIsAccepted() {
		signIn(this.browser.open(url("/login")), newUser().email(), PASSWORD);
		for (String responseType : List.of("token", "id_token", "code%20id_token")) {
			HttpResponse<String> response = this.browser.get(
					authorize("spa", APP, "openid", "r").replace("response_type=code", "response_type=" + responseType));
			// refused without a code; SAS's converter gives up before it knows the client, so no redirect
			assertThat(response.statusCode()).as(responseType).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).isEmpty();
			assertThat(response.body()).contains("unsupported_response_type");
		}
	}

	@Test
	void stateAndNonceArePassedThroughToTheCodeAndTheIdToken() throws Exception {
		UserAccount user = newUser();
		Pkce pkce = new Pkce();
		Page callback = signIn(
				this.browser.open(authorize("spa", APP, "openid", "opaque state/with+chars", pkce, "n-0S6_WzA2Mj")),
				user.email(), PASSWORD);
		Map<String, String> parameters = callback.redirectParameters();
		assertThat(parameters).containsEntry("state", "opaque state/with+chars");
		SignedJWT idToken = SignedJWT.parse(exchange(parameters.get("code"), pkce).get("id_token").toString());
		assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-0S6_WzA2Mj");
		assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo(user.id());
		assertThat(idToken.getJWTClaimsSet().getDateClaim("auth_time")).isNotNull();
	}

	// ---- headers, sessions, logs

	@Test
	void everyPageSendsAStrictPolicyAndNoStepOfTheFlowCreatesAnHttpSession() {
		UserAccount user = newUser();
		Page login = this.browser.open(authorize("third-party", THIRD_PARTY, "openid people:read", "h"));
		Page consent = signIn(login, user.email(), PASSWORD);
		this.browser.submit(consent, "form:has(#approve)", Map.of());
		Page account = this.browser.open(url("/account"));
		Page consents = this.browser.open(url("/account/consents"));
		Page signup = new Browser().open(url("/signup"));
		for (Page page : List.of(login, consent, account, consents, signup)) {
			assertThat(page.status()).isEqualTo(200);
			assertSecurityHeaders(page.response());
		}
		this.browser.submit(account, "form[action=/logout]", Map.of());
		assertThat(this.browser.seen()).hasSizeGreaterThan(8).allSatisfy((response) -> assertThat(
				response.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("JSESSIONID")));
		assertThat(this.browser.cookie("JSESSIONID")).isEmpty();
	}

	@Test
	void noPasswordAndNoCookieValueIsLogged(CapturedOutput output) {
		UserAccount user = newUser();
		signIn(this.browser.open(url("/login")), user.email(), "a wrong password here");
		Page callback = signIn(this.browser.open(authorize("spa", APP, "openid", "log")), user.email(), PASSWORD);
		String cookie = this.browser.cookie(BrowserSessions.COOKIE).orElseThrow();
		this.browser.open(url("/account"));
		assertThat(output.getAll()).contains("Browser login session started for user " + user.id())
			.doesNotContain(PASSWORD)
			.doesNotContain("a wrong password here")
			.doesNotContain(cookie)
			.doesNotContain(callback.redirectParameters().get("code"));
	}

	// ---- logout and several nodes

	@Test
	void rpInitiatedLogoutEndsTheLoginSessionAndTheRefreshFamilyOfTheIdTokensSid() throws Exception {
		UserAccount user = newUser();
		Pkce pkce = new Pkce();
		Page callback = signIn(this.browser.open(authorize("spa", APP, "openid", "o", pkce, "n")), user.email(),
				PASSWORD);
		String idToken = exchange(callback.redirectParameters().get("code"), pkce).get("id_token").toString();
		String sid = SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("sid");
		assertThat(sid).isNotBlank();
		// the code exchange started the refresh family whose id is the ID token's sid
		assertThat(this.jdbc.sql("select count(*) from refresh_family where id = ? and revoked_at is null").param(sid).query(Integer.class).single())
			.isOne();

		HttpResponse<String> logout = this.browser.get(url("/connect/logout?id_token_hint=" + idToken
				+ "&post_logout_redirect_uri=http://app.test/&state=bye"));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location")).hasValue("http://app.test/?state=bye");
		assertThat(logout.headers().allValues("Set-Cookie")).anySatisfy(
				(cookie) -> assertThat(cookie).startsWith(BrowserSessions.COOKIE + "=;").contains("Max-Age=0"));
		assertThat(rowsOf(user)).isZero();
		assertThat(this.jdbc.sql("select revoked_reason from refresh_family where id = ?").param(sid).query(String.class).single())
			.isEqualTo("logout");
		assertThat(this.browser.open(authorize("spa", APP, "openid", "after")).response().uri().getPath())
			.isEqualTo("/login");
	}

	@Test
	void rpInitiatedLogoutAsOidcClientTsSendsItReturnsToTheAppAndRevokesItsRefreshFamily() throws Exception {
		// demo-web-app as application.yml registers it: redirect http://localhost:5173/callback, back to /
		String webApp = "http://localhost:5173";
		UserAccount user = newUser();
		Pkce pkce = new Pkce();
		Page callback = signIn(this.browser.open(authorize("demo-web-app", webApp + "/callback",
				"openid email roles people:read people:write", "in", pkce, "n")), user.email(), PASSWORD);
		assertThat(callback.location()).hasValueSatisfying(
				(location) -> assertThat(location).startsWith(webApp + "/callback?code="));
		Map<String, Object> tokens = exchange("demo-web-app", webApp + "/callback",
				callback.redirectParameters().get("code"), pkce);
		String idToken = tokens.get("id_token").toString();

		HttpResponse<String> logout = this.browser.get(url("/connect/logout?id_token_hint=" + idToken
				+ "&client_id=demo-web-app&post_logout_redirect_uri=" + TestHttp.formBody(Map.of("u", webApp + "/"))
					.substring(2)
				+ "&state=8f3c2b0e5a7d4e1f9b6c"));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location")).hasValue(webApp + "/?state=8f3c2b0e5a7d4e1f9b6c");
		assertThat(logout.body()).isEmpty();
		assertThat(rowsOf(user)).isZero();
		HttpResponse<String> refresh = TestHttp.localhost(this.port)
			.postForm("/oauth2/token", TestHttp.form("grant_type", "refresh_token", "refresh_token",
					tokens.get("refresh_token").toString(), "client_id", "demo-web-app"), null, null);
		assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
		assertThat(TestHttp.json(refresh)).containsEntry("error", "invalid_grant");
		assertThat(this.browser.open(authorize("demo-web-app", webApp + "/callback", "openid", "again", new Pkce(),
				null)).response().uri().getPath()).isEqualTo("/login");
	}

	@Test
	void rpInitiatedLogoutRedirectsOnlyToARegisteredUri() throws Exception {
		UserAccount user = newUser();
		Pkce pkce = new Pkce();
		Page callback = signIn(this.browser.open(authorize("spa", APP, "openid", "o", pkce, "n")), user.email(),
				PASSWORD);
		String idToken = exchange(callback.redirectParameters().get("code"), pkce).get("id_token").toString();
		HttpResponse<String> refused = this.browser
			.get(url("/connect/logout?id_token_hint=" + idToken + "&post_logout_redirect_uri=https://evil.test/"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Location")).isEmpty();
		assertThat(rowsOf(user)).isOne();
	}

	@Test
	void aLoginOnOneNodeServesTheAuthorizationAndTheConsentOnAnother() {
		UserAccount user = newUser();
		try (ConfigurableApplicationContext second = secondNode()) {
			String node2 = "http://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort();
			signIn(this.browser.open(url("/login")), user.email(), PASSWORD);

			Page callback = this.browser.open(node2 + "/oauth2/authorize?" + query("spa", APP, "openid", "n2", new Pkce(), null));
			assertThat(callback.redirectParameters()).containsKey("code").containsEntry("state", "n2");

			// consent asked by one node, answered to the other
			Page consent = this.browser.open(authorize("third-party", THIRD_PARTY, "people:read", "n3"));
			assertThat(consent.response().uri().getPath()).isEqualTo("/oauth2/consent");
			Map<String, String> fields = new LinkedHashMap<>();
			consent.document().select("form:has(#approve) input[name]").forEach((input) -> fields.put(input.attr("name"), input.attr("value")));
			Page approved = this.browser.post(node2 + "/oauth2/authorize", fields);
			assertThat(approved.redirectParameters()).containsKey("code").containsEntry("state", "n3");
		}
	}

	// ---- helpers

	private ConfigurableApplicationContext secondNode() {
		// command-line arguments: they win over application.yml (server.port 9000), as the test's own do
		List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=0"));
		for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"app.keys.kek")) {
			String value = this.environment.getProperty(name);
			if (value != null) {
				arguments.add("--" + name + "=" + value);
			}
		}
		return new SpringApplicationBuilder(AuthServerApplication.class).run(arguments.toArray(String[]::new));
	}

	static void assertSecurityHeaders(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Security-Policy")).as(response.uri().toString())
			.hasValueSatisfying((csp) -> assertThat(csp).contains("frame-ancestors 'none'")
				.contains("default-src 'none'")
				.doesNotContain("unsafe-inline"));
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	private Page signIn(Page login, String email, String password) {
		return this.browser.submit(login, "form[action=/login]", Map.of("username", email, "password", password));
	}

	private String adminToken() {
		return TestHttp.json(TestHttp.localhost(this.port).jsonObject("POST", "/api/auth/login",
				Map.of("email", "root@example.com", "password", PASSWORD, "refresh_token_delivery", "body")))
			.get("access_token")
			.toString();
	}

	private UserAccount newUser() {
		return this.users.signUp("user-" + UUID.randomUUID() + "@example.com", PASSWORD);
	}

	private int rowsOf(UserAccount user) {
		return this.jdbc.sql("select count(*) from login_session where user_id = ?").param(user.id()).query(Integer.class).single();
	}

	private List<String> hashes(UserAccount user) {
		return this.jdbc.sql("select session_hash from login_session where user_id = ?").param(user.id()).query(String.class).list();
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	String authorize(String clientId, String redirectUri, String scope, String state) {
		return authorize(clientId, redirectUri, scope, state, new Pkce(), null);
	}

	String authorize(String clientId, String redirectUri, String scope, String state, Pkce pkce, String nonce) {
		return url("/oauth2/authorize?" + query(clientId, redirectUri, scope, state, pkce, nonce));
	}

	static String query(String clientId, String redirectUri, String scope, String state, Pkce pkce, String nonce) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", redirectUri);
		parameters.put("scope", scope);
		parameters.put("state", state);
		parameters.put("code_challenge", pkce.challenge());
		parameters.put("code_challenge_method", "S256");
		if (nonce != null) {
			parameters.put("nonce", nonce);
		}
		return TestHttp.formBody(parameters);
	}

	private Map<String, Object> exchange(String code, Pkce pkce) {
		return exchange("spa", APP, code, pkce);
	}

	private Map<String, Object> exchange(String clientId, String redirectUri, String code, Pkce pkce) {
		HttpResponse<String> response = TestHttp.localhost(this.port)
			.postForm("/oauth2/token", TestHttp.form("grant_type", "authorization_code", "code", code, "redirect_uri",
					redirectUri, "client_id", clientId, "code_verifier", pkce.verifier()), null, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response);
	}

	/** An RFC 7636 verifier and its S256 challenge. */
	record Pkce(String verifier) {

		Pkce() {
			this(random());
		}

		String challenge() {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.verifier.getBytes(StandardCharsets.US_ASCII));
				return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String random() {
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}

	}

}
