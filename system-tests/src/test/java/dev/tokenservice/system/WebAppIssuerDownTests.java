package dev.tokenservice.system;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.system.WebAppBrowser.contains;

/**
 * The web app while its issuer is down: a system of its own, since the test stops the auth-server for
 * good. The resource server and the app's own origin stay up, so the app must say plainly that the
 * sign-in service cannot be reached, neither going blank nor redirecting in a loop.
 */
class WebAppIssuerDownTests {

	private static final String NOT_REACHABLE = "The sign-in service is not reachable";

	@TempDir
	static Path data;

	static WebAppSystem system;

	@RegisterExtension
	final WebAppBrowsers browsers = new WebAppBrowsers(() -> system);

	@BeforeAll
	static void startSystem() {
		Chromium.assumeInstalled();
		system = WebAppSystem.start(data);
	}

	@AfterAll
	static void stopSystem() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void aSignedInTabAndAFreshSignInSayTheSignInServiceIsNotReachable() {
		WebAppBrowser user = this.browsers.open("user");
		user.signUp(WebAppBrowserTests.newEmail("fay"), WebAppBrowserTests.PASSWORD);
		user.awaitListLoaded();

		system.stopIssuer();
		user.until("#connection: '" + NOT_REACHABLE + "' at the next refresh", Duration.ofSeconds(30),
				() -> contains(user.connection(), NOT_REACHABLE));
		user.screenshot("issuer-down");
		user.stays("the app still shown (an <h1>, a session state, the notice), no redirect", Duration.ofSeconds(5),
				() -> user.onApp() && user.session() != null && user.text("h1") != null && !user.text("h1").isEmpty()
						&& contains(user.connection(), NOT_REACHABLE));

		user.newTab();
		user.openApp();
		user.click("#sign-in");
		user.until("'" + NOT_REACHABLE + "' on the sign-in screen (#signed-out-reason)",
				() -> user.onApp() && contains(user.signedOutReason(), NOT_REACHABLE));
		user.screenshot("issuer-down-sign-in");
		user.stays("the sign-in screen still shown, no redirect loop", Duration.ofSeconds(3),
				() -> user.onApp() && user.present("#sign-in") && !"active".equals(user.session()));
	}

}
