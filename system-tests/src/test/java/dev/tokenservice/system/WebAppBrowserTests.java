package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import static dev.tokenservice.system.WebAppBrowser.contains;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app in a real headless Chromium against the real jars: what a person sees and does, read
 * through the app's DOM contract. People are separate browsers (the user, the admin), since one browser
 * shares its login cookie between its tabs. The access tokens live a few seconds, so silent refreshes
 * happen all through these tests.
 */
class WebAppBrowserTests {

	static final String PASSWORD = "seven quiet herons fold paper maps";

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
	void userSignsUpPagesThroughPeopleEditsAndSeesTheConflictAndTheRefusal() {
		WebAppBrowser user = this.browsers.open("user");
		assertThat(user.text("h1")).isEqualTo("Welcome");
		assertThat(user.session()).isEqualTo("signed-out");
		assertThat(user.present("#sign-in")).isTrue();
		user.screenshot("signed-out");

		String email = newEmail("ada");
		user.signUp(email, PASSWORD);
		user.awaitHeading("People");
		assertThat(user.navLinks()).containsExactly("People");

		String tag = tag();
		for (int i = 1; i <= 11; i++) {
			user.createPerson("First" + i, "Aa" + tag + String.format("%02d", i), personEmail(tag, i));
		}
		user.screenshot("people-list");

		// eleven people (and more from other tests): at least two pages of ten
		user.awaitListLoaded();
		user.firstPage();
		assertThat(user.text("#page-info")).matches("Page 1 of ([2-9]|\\d\\d+)");
		assertThat(user.isEnabled("#prev-page")).isFalse();
		assertThat(user.driver().findElements(By.cssSelector("#people tbody tr"))).hasSize(10);
		user.turnPage("#next-page");
		assertThat(user.text("#page-info")).startsWith("Page 2 of ");
		assertThat(user.isEnabled("#prev-page")).isTrue();
		while (user.isEnabled("#next-page")) {
			user.turnPage("#next-page");
		}
		String[] last = user.text("#page-info").split(" ");
		assertThat(last[1]).isEqualTo(last[3]);
		assertThat(user.driver().findElements(By.cssSelector("#people tbody tr"))).hasSizeBetween(1, 10);

		String edited = personEmail(tag, 3);
		editPerson(user, edited);
		user.type("#firstName", "Grace");
		submit(user);
		user.awaitSavedOnList();
		user.personRow(edited);
		assertThat(user.personCells(edited)).startsWith("Grace", "Aa" + tag + "03", edited);

		// this tab loads the form (and its ETag); another tab of the same browser then saves first
		editPerson(user, edited);
		user.until("the form loaded", () -> "Grace".equals(user.value("#firstName")));
		String firstTab = user.windowHandle();
		user.newTab();
		user.openApp();
		user.signInWithLoginCookie(email);
		editPerson(user, edited);
		user.type("#firstName", "Hopper");
		submit(user);
		user.awaitSavedOnList();
		user.driver().close();
		user.switchTo(firstTab);
		user.type("#firstName", "Stale");
		submit(user);
		user.until("the 412 conflict in #notice ('changed by someone else') and a Reload button",
				() -> contains(user.notice(), "changed by someone else") && user.present("#reload-person"));
		assertThat(user.appPath()).startsWith("/people/");
		user.screenshot("person-form-412");
		user.click("#reload-person");
		user.until("the other tab's change reloaded", () -> "Hopper".equals(user.value("#firstName")));

		// no delete button for a user; one who un-hides it anyway gets the server's 403, shown plainly
		user.nav("People", "People");
		WebElement delete = user.personRow(edited).findElement(By.cssSelector("button.delete"));
		assertThat(delete.getDomAttribute("hidden")).as("a user's delete button is hidden").isNotNull();
		user.script("arguments[0].hidden = false;", delete);
		delete.click();
		user.acceptConfirm();
		user.until("the 403 in #notice", () -> contains(user.notice(), "Only administrators can delete people"));
		user.screenshot("people-403");
		assertThat(user.personListed(edited)).isTrue();
	}

	@Test
	void adminDeletesRotatesKeysAndDisablesAUserWhoseTabReturnsToSignIn() {
		WebAppBrowser user = this.browsers.open("user");
		String email = newEmail("bob");
		user.signUp(email, PASSWORD);
		String tag = tag();
		String doomed = personEmail(tag, 1);
		user.createPerson("Doomed", "Aa" + tag, doomed);

		WebAppBrowser admin = this.browsers.open("admin");
		admin.signIn(WebAppSystem.ADMIN_EMAIL, WebAppSystem.ADMIN_PASSWORD);
		admin.awaitHeading("People");
		assertThat(admin.navLinks()).containsExactly("People", "Users", "Keys");

		WebElement delete = admin.personRow(doomed).findElement(By.cssSelector("button.delete"));
		assertThat(delete.isDisplayed()).isTrue();
		delete.click();
		admin.acceptConfirm();
		admin.until("#notice 'Deleted'", () -> contains(admin.notice(), "Deleted"));
		assertThat(admin.personListed(doomed)).isFalse();

		admin.nav("Keys", "Keys");
		admin.until("an active key listed", () -> activeKid(admin) != null);
		String activeBefore = activeKid(admin);
		admin.click("#rotate");
		admin.until("the 409 in #notice ('Too early to rotate', 'retry at') and a Force rotation button",
				() -> contains(admin.notice(), "Too early to rotate") && contains(admin.notice(), "retry at")
						&& admin.present("#force-rotate"));
		admin.screenshot("keys-409");
		admin.click("#force-rotate");
		admin.until("#notice 'Rotated' and a new active key",
				() -> contains(admin.notice(), "Rotated") && activeKid(admin) != null
						&& !activeKid(admin).equals(activeBefore));
		admin.screenshot("keys-rotated");

		// the user's tab goes on: its next token is signed with the new key, and the API accepts it
		int renewals = user.renewals();
		user.until("a silent refresh after the rotation", Duration.ofSeconds(30), () -> user.renewals() > renewals);
		user.nav("People", "People");
		user.awaitListLoaded();
		String created = personEmail(tag, 2);
		user.createPerson("After", "Aa" + tag + "rotation", created);
		assertThat(user.personListed(created)).isTrue();
		assertThat(user.session()).isEqualTo("active");

		admin.nav("Users", "Users");
		WebElement row = userRow(admin, email);
		admin.screenshot("users");
		assertThat(row.findElements(By.tagName("td")).get(2).getText()).isEqualTo("Enabled");
		row.findElement(By.cssSelector("button.disable")).click();
		acceptAnyConfirmUntil(admin, "#notice 'Disabled " + email + "'",
				() -> contains(admin.notice(), "Disabled " + email));
		admin.until("the user's status Disabled",
				() -> "Disabled".equals(admin.text("tr[data-user-email='" + email + "'] td:nth-child(3)")));
		admin.screenshot("users-disabled");

		user.until("the user's tab back at the sign-in screen with 'Your session has ended'", Duration.ofSeconds(30),
				() -> "signed-out".equals(user.session()) && contains(user.signedOutReason(), "Your session has ended"));
		user.screenshot("session-ended");
		user.stays("signed out on the app's sign-in screen, no redirect loop", Duration.ofSeconds(4),
				() -> user.onApp() && "signed-out".equals(user.session()) && user.present("#sign-in"));
	}

	@Test
	void aSignedInTabRefreshesSilentlyWithRotatingRefreshTokens() {
		WebAppBrowser user = this.browsers.open("user");
		String email = newEmail("cy");
		user.signUp(email, PASSWORD);
		user.awaitListLoaded();

		awaitRenewals(user, 5);
		user.nav("People", "People");
		user.awaitListLoaded();
		assertThat(user.session()).isEqualTo("active");
		assertThat(user.text("#signed-in-as")).isEqualTo("Signed in as " + email);
		// one document since the sign-in: one code exchange, then refreshes only (no sign-in page came between)
		assertThat(user.tokenResponses()).filteredOn((response) -> "authorization_code".equals(response.grant()))
			.hasSize(1);
		assertThat(user.rotatedRefreshTokens()).as("distinct refresh tokens from refresh grants").hasSizeGreaterThanOrEqualTo(5);
		assertThat(user.tokenResponses()).as("every token request succeeded")
			.allSatisfy((response) -> assertThat(response.status()).isEqualTo(200));
	}

	@Test
	void twoTabsOfOneBrowserRefreshSideBySideWithoutLoggingEachOtherOut() {
		WebAppBrowser user = this.browsers.open("user");
		String email = newEmail("dee");
		user.signUp(email, PASSWORD);
		String first = user.windowHandle();
		String second = user.newTab();
		user.openApp();
		user.signInWithLoginCookie(email);

		user.until("five silent refreshes in each tab", Duration.ofSeconds(120), () -> {
			boolean done = true;
			for (String tab : List.of(first, second)) {
				user.switchTo(tab);
				assertStillSignedIn(user);
				done &= user.renewals() >= 5;
			}
			return done;
		});
		Set<String> tokens = new HashSet<>();
		for (String tab : List.of(first, second)) {
			user.switchTo(tab);
			user.nav("People", "People");
			user.awaitListLoaded();
			assertThat(user.session()).isEqualTo("active");
			Set<String> rotated = user.rotatedRefreshTokens();
			assertThat(rotated).hasSizeGreaterThanOrEqualTo(5);
			// each tab its own refresh-token family: no tab ever holds a token the other used
			assertThat(tokens).doesNotContainAnyElementsOf(rotated);
			tokens.addAll(rotated);
		}
	}

	@Test
	void signOutEndsTheSessionAtTheServer() {
		WebAppBrowser user = this.browsers.open("user");
		user.signUp(newEmail("eve"), PASSWORD);
		user.awaitListLoaded();
		// right after a refresh, the token read is the one the tab holds when it signs out a moment later
		int renewals = user.renewals();
		user.until("a silent refresh", Duration.ofSeconds(30), () -> user.renewals() > renewals);
		String refreshToken = user.currentRefreshToken();
		user.click("#sign-out");
		user.until("the signed-out screen with 'You have signed out'",
				() -> user.onApp() && "signed-out".equals(user.session())
						&& contains(user.signedOutReason(), "You have signed out"));
		user.screenshot("signed-out-after-sign-out");

		HttpResponse<String> refresh = system.refresh(refreshToken);
		assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
		assertThat(refresh.body()).contains("invalid_grant");
		user.stays("signed out, no redirect loop", Duration.ofSeconds(2),
				() -> user.onApp() && "signed-out".equals(user.session()));
	}

	@Test
	void aReloadForgetsTheTokensAndSignsTheTabInAgainByItself() {
		WebAppBrowser user = this.browsers.open("user");
		String email = newEmail("gus");
		user.signUp(email, PASSWORD);
		user.awaitListLoaded();
		user.click("#new-person");
		user.awaitHeading("New person");

		user.driver().navigate().refresh();
		user.awaitSignedIn(email);
		user.awaitHeading("New person");
		assertThat(user.appPath()).isEqualTo("/people/new");
		// a new document: its own code exchange (the login cookie answered), no password asked
		assertThat(user.tokenResponses()).extracting(WebAppBrowser.TokenResponse::grant)
			.containsExactly("authorization_code");
	}

	@Test
	void phoneWidthAccessibleScreensAndKeyboardOnlyUse() {
		WebAppBrowser admin = this.browsers.open("admin-phone");
		admin.phoneSize();
		admin.until("a 390px wide viewport",
				() -> ((Number) admin.script("return window.innerWidth;")).intValue() <= 400);
		checkScreen(admin, "signed-out");
		admin.signIn(WebAppSystem.ADMIN_EMAIL, WebAppSystem.ADMIN_PASSWORD);
		admin.awaitListLoaded();
		checkScreen(admin, "people-list");
		admin.click("#new-person");
		admin.awaitHeading("New person");
		checkScreen(admin, "person-form");
		admin.nav("Users", "Users");
		admin.until("users listed", () -> admin.present("#users tbody tr"));
		checkScreen(admin, "users");
		admin.nav("Keys", "Keys");
		admin.until("keys listed", () -> admin.present("#keys tbody tr"));
		checkScreen(admin, "keys");

		// keyboard only: Tab to New person, Enter, the fields with Tab between them, Enter to submit
		admin.nav("People", "People");
		admin.awaitListLoaded();
		admin.script("if (document.activeElement) { document.activeElement.blur(); }");
		tabTo(admin, "new-person", 60);
		press(admin, Keys.ENTER);
		admin.awaitHeading("New person");
		tabTo(admin, "firstName", 30);
		String tag = tag();
		String email = personEmail(tag, 1);
		admin.driver().switchTo().activeElement().sendKeys("Kay");
		press(admin, Keys.TAB);
		assertThat(activeId(admin)).isEqualTo("lastName");
		admin.driver().switchTo().activeElement().sendKeys("Aa" + tag + "keyboard");
		press(admin, Keys.TAB);
		assertThat(activeId(admin)).isEqualTo("email");
		admin.driver().switchTo().activeElement().sendKeys(email);
		press(admin, Keys.ENTER);
		admin.awaitSavedOnList();
		assertThat(admin.personListed(email)).isTrue();
		admin.screenshot("people-list-keyboard");
	}

	// ---------------------------------------------------------------- helpers

	private static void editPerson(WebAppBrowser browser, String email) {
		browser.personRow(email).findElement(By.cssSelector("a.edit")).click();
		browser.awaitHeading("Edit person");
		browser.until("the form of " + email, () -> email.equals(browser.value("#email")));
	}

	private static void submit(WebAppBrowser browser) {
		browser.driver().findElement(By.cssSelector("#person-form button[type='submit']")).click();
	}

	private static void awaitRenewals(WebAppBrowser browser, int renewals) {
		browser.until(renewals + " silent refreshes, the tab signed in all along",
				Duration.ofSeconds(20L * renewals), () -> {
					assertStillSignedIn(browser);
					return browser.renewals() >= renewals;
				});
	}

	/** Fails at once (not at the end of a long wait) when the tab left the app or lost its session. */
	static void assertStillSignedIn(WebAppBrowser browser) {
		if (!browser.onApp() || !"active".equals(browser.session())) {
			throw new AssertionError(browser.name() + ": the tab is no longer signed in on the app\n"
					+ browser.diagnostics());
		}
	}

	private static String activeKid(WebAppBrowser admin) {
		return (String) admin.script("""
				const row = [...document.querySelectorAll('#keys tbody tr')]
				  .find((tr) => tr.cells.length > 1 && tr.cells[1].textContent.trim() === 'active');
				return row ? row.getAttribute('data-kid') : null;
				""");
	}

	/** The users-table row of {@code email}, looked for from the first page on. */
	private static WebElement userRow(WebAppBrowser admin, String email) {
		String row = "tr[data-user-email='" + email + "']";
		admin.until("the users list loaded", () -> admin.present("#users tbody tr") && admin.text("#page-info") != null);
		admin.firstPage();
		while (!admin.present(row)) {
			if (!admin.isEnabled("#next-page")) {
				throw new AssertionError("No user " + email + " on any page\n" + admin.diagnostics());
			}
			admin.turnPage("#next-page");
		}
		return admin.driver().findElement(By.cssSelector(row));
	}

	/** Waits for {@code done}, accepting a {@code confirm()} if the action asks one (the contract leaves it open). */
	private static void acceptAnyConfirmUntil(WebAppBrowser browser, String what,
			java.util.concurrent.Callable<Boolean> done) {
		browser.until(what, () -> {
			try {
				browser.driver().switchTo().alert().accept();
			}
			catch (org.openqa.selenium.NoAlertPresentException ex) {
				// no confirmation asked
			}
			return done.call();
		});
	}

	/** Phone width and accessibility on the current screen, then its screenshot. */
	@SuppressWarnings("unchecked")
	private static void checkScreen(WebAppBrowser browser, String screen) {
		Map<String, Object> check = (Map<String, Object>) browser.script("""
				const unlabelled = [...document.querySelectorAll('input, select, textarea')]
				  .filter((el) => el.type !== 'hidden')
				  .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label')
				    && !el.getAttribute('aria-labelledby'))
				  .map((el) => el.outerHTML);
				const withoutAlt = [...document.images].filter((img) => !img.hasAttribute('alt')).map((img) => img.outerHTML);
				return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
				  unlabelled: unlabelled, withoutAlt: withoutAlt };
				""");
		browser.screenshot(screen);
		assertThat(((Number) check.get("scrollWidth")).intValue())
			.as("%s at phone width: no horizontal scroll (scrollWidth <= innerWidth %s)", screen, check.get("innerWidth"))
			.isLessThanOrEqualTo(((Number) check.get("innerWidth")).intValue());
		assertThat((List<String>) check.get("unlabelled")).as("%s: form fields without a label", screen).isEmpty();
		assertThat((List<String>) check.get("withoutAlt")).as("%s: images without alt text", screen).isEmpty();
	}

	private static void tabTo(WebAppBrowser browser, String id, int maxTabs) {
		for (int i = 0; i < maxTabs && !id.equals(activeId(browser)); i++) {
			press(browser, Keys.TAB);
		}
		assertThat(activeId(browser)).as("focus reached #%s with Tab\n%s", id, browser.diagnostics()).isEqualTo(id);
	}

	private static void press(WebAppBrowser browser, Keys key) {
		new Actions(browser.driver()).sendKeys(key).perform();
	}

	private static String activeId(WebAppBrowser browser) {
		return (String) browser.script("return document.activeElement ? document.activeElement.id : null;");
	}

	static String newEmail(String prefix) {
		return prefix + "-" + tag() + "@example.com";
	}

	private static String personEmail(String tag, int number) {
		return "p" + number + "-" + tag + "@example.com";
	}

	/** A short random tag: names and emails unique in the shared system, sorting first by last name. */
	static String tag() {
		return Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36),
				36);
	}

}
