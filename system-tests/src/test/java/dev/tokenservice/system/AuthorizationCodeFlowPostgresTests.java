package dev.tokenservice.system;

import java.net.URI;
import java.nio.file.Path;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.tokenservice.system.relyingparty.RelyingPartyApplication;
import dev.tokenservice.testsupport.RequiresPostgres;
import org.htmlunit.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.system.Browser.html;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuthorizationCodeFlowContract} against two auth-server nodes on one PostgreSQL schema (the
 * contract's tests use the first, which is also the issuer), and the flow spread over both nodes as a
 * load balancer would spread it.
 */
@RequiresPostgres
class AuthorizationCodeFlowPostgresTests extends AuthorizationCodeFlowContract {

	@TempDir
	static Path data;

	static CodeFlowSystem system;

	@BeforeAll
	static void startServers() {
		long started = System.nanoTime();
		system = CodeFlowSystem.onPostgres("system_code_flow", 2, data);
		System.out.printf("Two auth-server nodes (PostgreSQL), resource server and relying party ready in %d ms%n",
				(System.nanoTime() - started) / 1_000_000);
	}

	@AfterAll
	static void stopServers() {
		if (system != null) {
			system.close();
		}
	}

	@Override
	CodeFlowSystem system() {
		return system;
	}

	@Test
	void logInOnOneNodeAuthorizeAndConsentOnTheOtherExchangeOnTheFirstAndRefreshOnTheSecond() {
		String nodeA = system.nodeUrls().get(0);
		String nodeB = system.nodeUrls().get(1);
		String email = newUser("two-nodes");
		String redirectUri = relyingParty().url() + "/login/oauth2/code/" + RelyingPartyApplication.PUBLIC;
		OidcClient client = relyingPartyAsNimbusClient();
		try (Browser browser = Browser.intercepting(redirectUri)) {
			// cookies are per host, not per port: both nodes see the browser's session cookie, as behind one name
			Page loggedIn = browser.logIn(browser.openHtml(nodeA + "/login"), email, PASSWORD);
			assertThat(Browser.isLoginPage(loggedIn)).as("logged in on node A: %s", loggedIn.getUrl()).isFalse();

			OidcClient.Authorization authorization = client.newAuthorization(URI.create(nodeB + "/oauth2/authorize"));
			Page consent = browser.open(authorization.uri().toString());
			assertThat(Browser.isConsentPage(consent)).as("node B knows the session and asks for consent: %s",
					consent.getUrl()).isTrue();
			assertThat(consent.getUrl().toString()).startsWith(nodeB);
			browser.approveConsent(html(consent));
			AuthorizationCode code = client.code(browser.lastCallback(), authorization);

			OIDCTokens tokens = OidcClient.oidcTokens(client.exchange(URI.create(nodeA + "/oauth2/token"), code,
					authorization.verifier()));
			client.validate(tokens.getIDToken(), authorization.nonce(), tokens.getAccessToken());
			Tokens refreshed = OidcClient.tokens(client.refresh(URI.create(nodeB + "/oauth2/token"),
					tokens.getRefreshToken()));

			assertThat(refreshed.getRefreshToken().getValue()).isNotEqualTo(tokens.getRefreshToken().getValue());
			// and the token consumed on node B is known as consumed on node A
			assertThat(OidcClient.error(client.refresh(URI.create(nodeA + "/oauth2/token"), tokens.getRefreshToken()))
				.getCode()).isEqualTo("invalid_grant");
		}
	}

}
