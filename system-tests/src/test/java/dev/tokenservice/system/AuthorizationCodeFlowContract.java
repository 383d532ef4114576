package dev.tokenservice.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.tokenservice.system.relyingparty.RelyingParty;
import dev.tokenservice.system.relyingparty.RelyingPartyApplication;
import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.TestHttp;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static dev.tokenservice.system.Browser.html;
import static dev.tokenservice.system.Browser.status;
import static dev.tokenservice.system.Browser.text;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 as its users meet it: relying parties built only from client libraries we did not write
 * sign users in with the authorization-code flow (PKCE) against the real auth-server jar, and keep
 * their sessions by refreshing at {@code /oauth2/token}.
 * <ul>
 * <li>the browser cases go through Spring Security's {@code oauth2Login()} in the
 * {@link RelyingPartyApplication}, driven by HtmlUnit ({@link Browser}): login, consent, the people
 * API with the access token, refresh through {@code OAuth2AuthorizedClientManager}, RP-initiated
 * logout;</li>
 * <li>the protocol cases a browser cannot make go through the Nimbus OAuth 2.0 / OIDC SDK
 * ({@link OidcClient}): the code exchange, ID token validation, userinfo, replays, a wrong verifier,
 * requests without PKCE or with a foreign redirect URI.</li>
 * </ul>
 * The servers are started once per class (H2 and PostgreSQL subclasses); every test works with a user
 * of its own.
 */
abstract class AuthorizationCodeFlowContract {

	static final String PASSWORD = FirstPartyApi.PASSWORD;

	abstract CodeFlowSystem system();

	@Test
	void relyingPartySignsAUserInThroughLoginAndConsentAndCallsThePeopleApiWithTheAccessToken() {
		String email = newUser("rp-login");
		try (Browser browser = Browser.intercepting()) {
			HtmlPage relyingPartyLogin = browser.openHtml(relyingParty().url() + "/profile");
			Page login = click(relyingPartyLogin.getAnchorByHref("/oauth2/authorization/" + RelyingPartyApplication.PUBLIC));
			assertThat(login.getUrl().toString()).startsWith(issuer() + "/login");
			assertThat(Browser.isLoginPage(login)).as("the auth-server's login page").isTrue();
			// Spring sent a PKCE S256 challenge without being told: the client is public
			assertThat(browser.requested()).anySatisfy((url) -> assertThat(url).startsWith(issuer() + "/oauth2/authorize")
				.contains("code_challenge_method=S256"));

			Page consent = browser.logIn(html(login), email, PASSWORD);
			assertThat(Browser.isConsentPage(consent)).as("consent asked of a third-party client: %s", consent.getUrl())
				.isTrue();
			Page profile = browser.approveConsent(html(consent));

			// Spring's request cache marks the replayed request with "?continue"
			assertThat(profile.getUrl().toString()).startsWith(relyingParty().url() + "/profile");
			assertThat(text(profile, "email")).isEqualTo(email);
			assertThat(text(profile, "client")).isEqualTo(RelyingPartyApplication.PUBLIC);
			assertThat(text(profile, "people")).as("the people API's answer to the RP's access token").isEqualTo("200");
			OAuth2AuthorizedClient authorized = authorizedClient(RelyingPartyApplication.PUBLIC, text(profile, "sub"));
			assertThat(authorized.getRefreshToken()).as("a refresh token for a public client").isNotNull();
			assertThat(authorized.getAccessToken().getScopes()).contains("openid", "email", "people:read");
		}
	}

	@Test
	void confidentialWebClientSignsInWithoutConsentAndRenewsItsTokensWithItsSecret() {
		String email = newUser("rp-web");
		try (Browser browser = Browser.intercepting()) {
			Page profile = signIn(browser, RelyingPartyApplication.WEB, email);
			assertThat(browser.requested()).as("a first-party client is not asked for consent")
				.noneMatch((url) -> url.contains("/oauth2/consent"));
			assertThat(text(profile, "client")).isEqualTo(RelyingPartyApplication.WEB);
			assertThat(text(profile, "people")).isEqualTo("200");
			String subject = text(profile, "sub");
			OAuth2AuthorizedClient before = authorizedClient(RelyingPartyApplication.WEB, subject);

			Page renewed = browser.submit(profile, "refresh");

			assertThat(status(renewed)).as(html(renewed).asNormalizedText()).isEqualTo(200);
			OAuth2AuthorizedClient after = authorizedClient(RelyingPartyApplication.WEB, subject);
			assertThat(after.getRefreshToken().getTokenValue()).isNotEqualTo(before.getRefreshToken().getTokenValue());
			assertThat(after.getAccessToken().getTokenValue()).isNotEqualTo(before.getAccessToken().getTokenValue());
		}
	}

	@Test
	void refreshThroughTheAuthorizedClientManagerRotatesTheRefreshTokenAndTheNewAccessTokenWorks() {
		String email = newUser("rp-rotation");
		try (Browser browser = Browser.intercepting()) {
			Page profile = signIn(browser, RelyingPartyApplication.PUBLIC, email);
			String subject = text(profile, "sub");
			OAuth2AuthorizedClient first = authorizedClient(RelyingPartyApplication.PUBLIC, subject);

			Page renewed = browser.submit(profile, "refresh");
			assertThat(status(renewed)).as(html(renewed).asNormalizedText()).isEqualTo(200);
			OAuth2AuthorizedClient second = authorizedClient(RelyingPartyApplication.PUBLIC, subject);
			Page renewedAgain = browser.submit(browser.openHtml(relyingParty().url() + "/profile"), "refresh");
			assertThat(status(renewedAgain)).isEqualTo(200);
			OAuth2AuthorizedClient third = authorizedClient(RelyingPartyApplication.PUBLIC, subject);

			assertThat(List.of(first, second, third)).extracting((client) -> client.getRefreshToken().getTokenValue())
				.as("a new refresh token at every use")
				.doesNotHaveDuplicates();
			assertThat(third.getAccessToken().getScopes()).contains("people:read");
			assertThat(claims(third.getAccessToken().getTokenValue()).getSubject()).isEqualTo(subject);
			// the profile page calls the people API with the newest access token
			assertThat(text(browser.openHtml(relyingParty().url() + "/profile"), "people")).isEqualTo("200");
		}
	}

	@Test
	void aRefreshTokenPresentedTwiceRevokesTheWholeFamilyIncludingItsRotatedSuccessor() {
		String email = newUser("rp-reuse");
		try (Browser browser = Browser.intercepting()) {
			Page profile = signIn(browser, RelyingPartyApplication.PUBLIC, email);
			String subject = text(profile, "sub");
			RefreshToken consumed = refreshToken(authorizedClient(RelyingPartyApplication.PUBLIC, subject));
			assertThat(status(browser.submit(profile, "refresh"))).isEqualTo(200);

			// a thief replays the consumed token as the public client would
			TokenResponse replay = relyingPartyAsNimbusClient().refresh(consumed);
			assertThat(OidcClient.error(replay).getCode()).isEqualTo("invalid_grant");

			// the rightful holder's rotated token died with its family
			Page renewed = browser.submit(browser.openHtml(relyingParty().url() + "/profile"), "refresh");
			assertThat(status(renewed)).isEqualTo(401);
			assertThat(text(renewed, "error")).isEqualTo("invalid_grant");
		}
	}

	@Test
	void rpInitiatedLogoutEndsTheSessionSoRefreshFailsAndTheNextSignInAsksForThePassword() {
		String email = newUser("rp-logout");
		try (Browser browser = Browser.intercepting()) {
			Page profile = signIn(browser, RelyingPartyApplication.PUBLIC, email);
			RefreshToken refreshToken = refreshToken(
					authorizedClient(RelyingPartyApplication.PUBLIC, text(profile, "sub")));

			Page afterLogout = browser.submit(profile, "logout");

			assertThat(browser.requested()).as("the RP sent the browser to the end_session_endpoint")
				.anySatisfy((url) -> assertThat(url).startsWith(issuer()).contains("id_token_hint="));
			assertThat(afterLogout.getUrl().toString()).as("back at a registered post_logout_redirect_uri")
				.isEqualTo(relyingParty().url() + "/");
			assertThat(text(afterLogout, "home")).startsWith("Welcome");
			assertThat(OidcClient.error(relyingPartyAsNimbusClient().refresh(refreshToken)).getCode())
				.isEqualTo("invalid_grant");

			HtmlPage relyingPartyLogin = browser.openHtml(relyingParty().url() + "/profile");
			Page next = click(relyingPartyLogin.getAnchorByHref("/oauth2/authorization/" + RelyingPartyApplication.PUBLIC));
			assertThat(Browser.isLoginPage(next)).as("the auth-server asks for the password again: %s", next.getUrl())
				.isTrue();
		}
	}

	@Test
	void aUserDisabledByAnAdminIsRefusedAtTheNextRefresh() {
		String email = newUser("rp-disabled");
		try (Browser browser = Browser.intercepting()) {
			Page profile = signIn(browser, RelyingPartyApplication.PUBLIC, email);
			String subject = text(profile, "sub");

			HttpResponse<String> disabled = TestHttp.to(issuer())
				.json("POST", "/api/admin/users/" + subject + "/disable", null, TestHttp.bearer(adminAccessToken()));
			assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);

			Page renewed = browser.submit(profile, "refresh");
			assertThat(status(renewed)).isEqualTo(401);
			assertThat(text(renewed, "error")).isEqualTo("invalid_grant");
		}
	}

	@Test
	void nativeAppExchangesTheCodeWithItsVerifierValidatesTheIdTokenAndCallsUserinfoAndThePeopleApi()
			throws ParseException {
		String email = newUser("native");
		OidcClient app = system().nativeApp();
		assertThat(app.provider().getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
		try (Browser browser = Browser.intercepting(system().nativeRedirectUri())) {
			OidcClient.Authorization authorization = app.newAuthorization();
			browser.authorize(authorization.uri().toString(), email, PASSWORD);
			AuthorizationCode code = app.code(browser.lastCallback(), authorization);

			OIDCTokens tokens = OidcClient.oidcTokens(app.exchange(code, authorization.verifier()));

			IDTokenClaimsSet idToken = app.validate(tokens.getIDToken(), authorization.nonce(),
					tokens.getAccessToken());
			assertThat(idToken.getAuthenticationTime()).as("auth_time").isNotNull();
			assertThat(idToken.getStringClaim("sid")).as("sid").isNotBlank();
			String subject = idToken.getSubject().getValue();
			SignedJWT accessToken = SignedJWT.parse(tokens.getAccessToken().getValue());
			assertThat(accessToken.getHeader().getType().toString()).isEqualTo("at+jwt");
			JWTClaimsSet access = accessToken.getJWTClaimsSet();
			assertThat(access.getSubject()).isEqualTo(subject);
			assertThat(access.getAudience()).containsExactly("people-api");
			assertThat(access.getStringClaim("client_id")).isEqualTo(CodeFlowSystem.NATIVE_CLIENT);
			assertThat(tokens.getRefreshToken()).isNotNull();

			UserInfoResponse userInfo = app.userInfo(tokens.getAccessToken());
			assertThat(userInfo.indicatesSuccess()).as("userinfo").isTrue();
			assertThat(userInfo.toSuccessResponse().getUserInfo().getSubject().getValue()).isEqualTo(subject);
			assertThat(userInfo.toSuccessResponse().getUserInfo().getEmailAddress()).isEqualTo(email);

			HttpResponse<String> people = TestHttp.to(system().resourceServerUrl())
				.get("/api/people", TestHttp.bearer(tokens.getAccessToken().getValue()));
			assertThat(people.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aReplayedCodeIsInvalidGrantAndRevokesTheTokensOfTheFirstExchange() {
		String email = newUser("code-replay");
		OidcClient app = system().nativeApp();
		try (Browser browser = Browser.intercepting(system().nativeRedirectUri())) {
			OidcClient.Authorization authorization = app.newAuthorization();
			browser.authorize(authorization.uri().toString(), email, PASSWORD);
			AuthorizationCode code = app.code(browser.lastCallback(), authorization);
			Tokens first = OidcClient.tokens(app.exchange(code, authorization.verifier()));

			TokenResponse replay = app.exchange(code, authorization.verifier());

			assertThat(OidcClient.error(replay).getCode()).isEqualTo("invalid_grant");
			assertThat(OidcClient.error(app.refresh(first.getRefreshToken())).getCode())
				.as("the first exchange's refresh token").isEqualTo("invalid_grant");
			UserInfoResponse userInfo = app.userInfo(first.getAccessToken());
			assertThat(userInfo.indicatesSuccess()).as("userinfo with the first exchange's access token").isFalse();
		}
	}

	@Test
	void revokingARefreshTokenEndsItsSession() {
		String email = newUser("revocation");
		OidcClient app = system().nativeApp();
		try (Browser browser = Browser.intercepting(system().nativeRedirectUri())) {
			OidcClient.Authorization authorization = app.newAuthorization();
			browser.authorize(authorization.uri().toString(), email, PASSWORD);
			AuthorizationCode code = app.code(browser.lastCallback(), authorization);
			Tokens first = OidcClient.tokens(app.exchange(code, authorization.verifier()));
			Tokens rotated = OidcClient.tokens(app.refresh(first.getRefreshToken()));

			assertThat(app.revoke(rotated.getRefreshToken())).as("RFC 7009 revocation").isEqualTo(200);

			assertThat(OidcClient.error(app.refresh(rotated.getRefreshToken())).getCode()).isEqualTo("invalid_grant");
			assertThat(app.userInfo(rotated.getAccessToken()).indicatesSuccess()).as("userinfo after the revocation")
				.isFalse();
		}
	}

	@Test
	void aWrongCodeVerifierIsInvalidGrant() {
		String email = newUser("wrong-verifier");
		OidcClient app = system().nativeApp();
		try (Browser browser = Browser.intercepting(system().nativeRedirectUri())) {
			OidcClient.Authorization authorization = app.newAuthorization();
			browser.authorize(authorization.uri().toString(), email, PASSWORD);
			AuthorizationCode code = app.code(browser.lastCallback(), authorization);

			TokenResponse exchange = app.exchange(code, new CodeVerifier());

			assertThat(OidcClient.error(exchange).getCode()).isEqualTo("invalid_grant");
		}
	}

	@Test
	void anAuthorizationRequestWithoutAnS256ChallengeGetsAnErrorAtTheRedirectUri() {
		String email = newUser("no-pkce");
		OidcClient app = system().nativeApp();
		try (Browser browser = Browser.intercepting(system().nativeRedirectUri())) {
			logIn(browser, app, email);
			for (CodeChallengeMethod method : new CodeChallengeMethod[] { null, CodeChallengeMethod.PLAIN }) {
				State state = new State();
				AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(
						new ResponseType(ResponseType.Value.CODE), OidcClient.SCOPES, new ClientID(app.clientId()),
						URI.create(system().nativeRedirectUri()))
					.endpointURI(app.provider().getAuthorizationEndpointURI())
					.state(state)
					.nonce(new Nonce());
				if (method != null) {
					request.codeChallenge(new CodeVerifier(), method);
				}
				int before = browser.callbacks().size();

				browser.open(request.build().toURI().toString());

				assertThat(browser.callbacks()).as("challenge method %s", method).hasSize(before + 1);
				AuthenticationResponse response = OidcClient.response(browser.lastCallback());
				assertThat(response.indicatesSuccess()).isFalse();
				assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
				assertThat(response.getState()).isEqualTo(state);
				assertThat(response.toErrorResponse().getIssuer()).as("iss of an error response (RFC 9207)")
					.isEqualTo(app.provider().getIssuer());
			}
		}
	}

	@Test
	void aForeignRedirectUriOrUnknownClientGetsAnHtmlErrorPageAndNoRedirect() {
		String email = newUser("foreign-redirect");
		OidcClient app = system().nativeApp();
		String foreign = "https://attacker.example/callback";
		try (Browser browser = Browser.intercepting(system().nativeRedirectUri(), foreign)) {
			logIn(browser, app, email);
			OidcClient foreignRedirect = OidcClient.publicClient(issuer(), CodeFlowSystem.NATIVE_CLIENT, foreign);
			OidcClient unknownClient = OidcClient.publicClient(issuer(), "no-such-client",
					system().nativeRedirectUri());
			int callbacks = browser.callbacks().size();

			for (OidcClient client : List.of(foreignRedirect, unknownClient)) {
				Page page = browser.open(client.newAuthorization().uri().toString());

				assertThat(status(page)).as(client.clientId()).isEqualTo(400);
				assertThat(page.getWebResponse().getContentType()).isEqualTo("text/html");
				assertThat(page.getUrl().toString()).startsWith(issuer() + "/oauth2/authorize");
				assertThat(page.getWebResponse().getResponseHeaderValue("Location")).isNull();
			}
			assertThat(browser.callbacks()).as("no redirect anywhere").hasSize(callbacks);
			assertThat(browser.requested()).noneMatch((url) -> url.startsWith(foreign));
		}
	}

	@Test
	void deniedConsentGivesAccessDeniedAtTheRedirectUri() {
		String email = newUser("consent-denied");
		OidcClient thirdParty = relyingPartyAsNimbusClient();
		String redirectUri = relyingParty().url() + "/login/oauth2/code/" + RelyingPartyApplication.PUBLIC;
		try (Browser browser = Browser.intercepting(redirectUri)) {
			OidcClient.Authorization authorization = thirdParty.newAuthorization();
			Page consent = browser.logIn(browser.openHtml(authorization.uri().toString()), email, PASSWORD);
			assertThat(Browser.isConsentPage(consent)).as("consent page: %s", consent.getUrl()).isTrue();

			browser.denyConsent(html(consent));

			AuthenticationResponse response = OidcClient.response(browser.lastCallback());
			assertThat(response.indicatesSuccess()).isFalse();
			assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("access_denied");
			assertThat(response.getState()).isEqualTo(authorization.state());
		}
	}

	@Test
	void noServerLogsAPasswordCodeOrToken() {
		String email = newUser("logs");
		OidcClient app = system().nativeApp();
		try (Browser browser = Browser.intercepting(system().nativeRedirectUri())) {
			OidcClient.Authorization authorization = app.newAuthorization();
			browser.authorize(authorization.uri().toString(), email, PASSWORD);
			AuthorizationCode code = app.code(browser.lastCallback(), authorization);
			OIDCTokens tokens = OidcClient.oidcTokens(app.exchange(code, authorization.verifier()));
			Tokens refreshed = OidcClient.tokens(app.refresh(tokens.getRefreshToken()));
			app.exchange(code, authorization.verifier());

			for (String log : system().logs()) {
				assertThat(log).doesNotContain(PASSWORD)
					.doesNotContain(code.getValue())
					.doesNotContain(authorization.verifier().getValue())
					.doesNotContain(tokens.getAccessToken().getValue())
					.doesNotContain(tokens.getRefreshToken().getValue())
					.doesNotContain(tokens.getIDTokenString())
					.doesNotContain(refreshed.getRefreshToken().getValue());
			}
		}
	}

	/** Signs {@code email} in at the relying party through {@code registration}; returns its profile page. */
	Page signIn(Browser browser, String registration, String email) {
		HtmlPage relyingPartyLogin = browser.openHtml(relyingParty().url() + "/profile");
		Page page = click(relyingPartyLogin.getAnchorByHref("/oauth2/authorization/" + registration));
		for (int step = 0; step < 3 && !page.getUrl().toString().startsWith(relyingParty().url()); step++) {
			if (Browser.isLoginPage(page)) {
				page = browser.logIn(html(page), email, PASSWORD);
			}
			else if (Browser.isConsentPage(page)) {
				page = browser.approveConsent(html(page));
			}
		}
		assertThat(page.getUrl().toString()).as("signed in at the relying party")
			.startsWith(relyingParty().url() + "/profile");
		return page;
	}

	/** Logs the browser in at the auth-server through one authorization of {@code app}. */
	void logIn(Browser browser, OidcClient app, String email) {
		OidcClient.Authorization authorization = app.newAuthorization();
		browser.authorize(authorization.uri().toString(), email, PASSWORD);
		app.code(browser.lastCallback(), authorization);
	}

	/** The relying party's public client as the Nimbus SDK plays it (e.g. a thief holding its tokens). */
	OidcClient relyingPartyAsNimbusClient() {
		return OidcClient.publicClient(issuer(), CodeFlowSystem.PUBLIC_CLIENT,
				relyingParty().url() + "/login/oauth2/code/" + RelyingPartyApplication.PUBLIC);
	}

	/** A new account with {@link #PASSWORD}, made through the first-party sign-up API. */
	String newUser(String prefix) {
		String email = FirstPartyClient.newEmail(prefix);
		HttpResponse<String> signup = new FirstPartyClient(TestHttp.to(issuer())).signup(email, PASSWORD);
		assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
		return email;
	}

	String adminAccessToken() {
		HttpResponse<String> login = new FirstPartyClient(TestHttp.to(issuer())).login(CodeFlowSystem.ADMIN_EMAIL,
				CodeFlowSystem.ADMIN_PASSWORD, "body");
		assertThat(login.statusCode()).as(FirstPartyApi.errorBody(login)).isEqualTo(200);
		return (String) json(login).get("access_token");
	}

	String issuer() {
		return system().issuer();
	}

	RelyingParty relyingParty() {
		return system().relyingParty();
	}

	OAuth2AuthorizedClient authorizedClient(String registration, String subject) {
		OAuth2AuthorizedClient client = relyingParty().authorizedClient(registration, subject);
		assertThat(client).as("the relying party's authorized client for %s", registration).isNotNull();
		return client;
	}

	static RefreshToken refreshToken(OAuth2AuthorizedClient client) {
		assertThat(client.getRefreshToken()).isNotNull();
		return new RefreshToken(client.getRefreshToken().getTokenValue());
	}

	static JWTClaimsSet claims(String jwt) {
		try {
			return SignedJWT.parse(jwt).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a signed JWT");
		}
	}

	static Page click(HtmlAnchor anchor) {
		try {
			return anchor.click();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
