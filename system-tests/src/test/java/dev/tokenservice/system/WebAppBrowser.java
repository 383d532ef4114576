package dev.tokenservice.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchSessionException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import static org.awaitility.Awaitility.await;

/**
 * One person's browser (a separate Chromium: its own cookies, so its own login at the auth-server) on
 * the web app, spoken to in the words of the app's DOM contract: {@code body[data-session]},
 * {@code #notice}, {@code #people} rows, the auth-server's sign-in and sign-up pages.
 * <p>
 * Every tab it opens records the app's token-endpoint responses (status, grant type, refresh token)
 * through a {@code window.fetch} wrapper installed before the app's own scripts run, so that a test can
 * prove the refresh tokens really rotate or use one after sign-out; the tokens stay in the page and in
 * the test's memory and are never printed.
 * <p>
 * A wait that times out fails with the current URL, {@code #notice}, the session state and the tail of
 * the page's console, so that a failure can be understood from the report alone.
 */
final class WebAppBrowser implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** The app's token responses as the page saw them; installed in each new document of a tab. */
	private static final String TOKEN_RECORDER = """
			(() => {
			  if (window.__e2eTokenResponses) { return; }
			  const responses = [];
			  Object.defineProperty(window, '__e2eTokenResponses', { value: responses });
			  const original = window.fetch;
			  const grantOf = (init) => {
			    try { return new URLSearchParams(String(init && init.body != null ? init.body : '')).get('grant_type'); }
			    catch (e) { return null; }
			  };
			  window.fetch = function (input, init) {
			    const url = String(input && input.url ? input.url : input);
			    const result = original.apply(this, arguments);
			    if (url.indexOf('/oauth2/token') < 0) { return result; }
			    const grant = grantOf(init);
			    return result.then((response) => {
			      response.clone().json().then(
			        (json) => responses.push({ status: response.status, grant: grant,
			          refreshToken: json.refresh_token || null, error: json.error || null }),
			        () => responses.push({ status: response.status, grant: grant, refreshToken: null, error: 'no JSON' }));
			      return response;
			    }, (failure) => {
			      responses.push({ status: 0, grant: grant, refreshToken: null, error: String(failure) });
			      throw failure;
			    });
			  };
			})();
			""";

	private static final String TEXT_OF = """
			const element = document.querySelector(arguments[0]);
			return element ? element.textContent.replace(/\\s+/g, ' ').trim() : null;
			""";

	private final String name;

	private final ChromeDriver driver;

	private final WebAppSystem system;

	private final Deque<String> console = new ArrayDeque<>();

	/** Put before the names of this browser's screenshots (e.g. {@code phone-}). */
	private String screenshotPrefix = "";

	private WebAppBrowser(String name, ChromeDriver driver, WebAppSystem system) {
		this.name = name;
		this.driver = driver;
		this.system = system;
	}

	static WebAppBrowser open(String name, WebAppSystem system) {
		Chromium.assumeInstalled();
		WebAppBrowser browser = new WebAppBrowser(name, Chromium.start(name), system);
		browser.recordTokenResponses();
		return browser;
	}

	String name() {
		return this.name;
	}

	ChromeDriver driver() {
		return this.driver;
	}

	// ---------------------------------------------------------------- navigation and tabs

	/** Loads the app's start page (the signed-out screen for a browser that has not signed in here). */
	void openApp() {
		this.driver.get(this.system.webUrl() + "/");
		until("the app rendered (body[data-session] and an <h1>)",
				() -> session() != null && text("h1") != null && !text("h1").isEmpty());
	}

	/** Opens a new tab of this browser (same cookies, its own in-memory tokens) and switches to it. */
	String newTab() {
		this.driver.switchTo().newWindow(WindowType.TAB);
		recordTokenResponses();
		return this.driver.getWindowHandle();
	}

	void switchTo(String windowHandle) {
		this.driver.switchTo().window(windowHandle);
	}

	String windowHandle() {
		return this.driver.getWindowHandle();
	}

	String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	/** The path of the current page if it is the app's, else the whole URL (e.g. the auth-server's). */
	String appPath() {
		String url = currentUrl();
		return url.startsWith(this.system.webUrl()) ? URI.create(url).getPath() : url;
	}

	boolean onApp() {
		return currentUrl().startsWith(this.system.webUrl() + "/");
	}

	/** A phone's viewport (390 × 844 CSS pixels); later screenshots are named {@code phone-*}. */
	void phoneSize() {
		this.driver.manage().window().setSize(new Dimension(390, 844));
		this.screenshotPrefix = "phone-";
	}

	// ---------------------------------------------------------------- the auth-server's pages

	/** Clicks Sign up and creates the account on the auth-server's sign-up page; back in the app signed in. */
	void signUp(String email, String password) {
		click("#sign-up");
		awaitAuthServerPage("/signup", "#email");
		screenshot("auth-server-signup");
		type("#email", email);
		type("#password", password);
		this.driver.findElement(By.cssSelector("form button[type='submit']")).click();
		awaitSignedIn(email);
	}

	/** Clicks Sign in and signs in on the auth-server's login page; back in the app signed in. */
	void signIn(String email, String password) {
		click("#sign-in");
		awaitAuthServerPage("/login", "#username");
		screenshot("auth-server-login");
		type("#username", email);
		type("#password", password);
		this.driver.findElement(By.cssSelector("form button[type='submit']")).click();
		awaitSignedIn(email);
	}

	/** Clicks Sign in in a browser that is signed in at the auth-server: no password asked. */
	void signInWithLoginCookie(String email) {
		click("#sign-in");
		awaitSignedIn(email);
	}

	private void awaitAuthServerPage(String path, String field) {
		until("the auth-server's " + path + " page", () -> currentUrl().startsWith(this.system.issuer() + path)
				&& !this.driver.findElements(By.cssSelector(field)).isEmpty());
	}

	void awaitSignedIn(String email) {
		until("signed in as " + email + " (data-session=active, #signed-in-as)",
				() -> onApp() && "active".equals(session()) && ("Signed in as " + email).equals(text("#signed-in-as")));
	}

	// ---------------------------------------------------------------- the DOM contract

	String session() {
		return attribute("data-session");
	}

	int renewals() {
		String renewals = attribute("data-renewals");
		return (renewals != null && renewals.matches("\\d+")) ? Integer.parseInt(renewals) : -1;
	}

	String notice() {
		return text("#notice");
	}

	String connection() {
		return text("#connection");
	}

	String signedOutReason() {
		return text("#signed-out-reason");
	}

	/** The texts of the main navigation's links. */
	List<String> navLinks() {
		return this.driver.findElements(By.cssSelector("nav[aria-label='Main'] a"))
			.stream()
			.map((link) -> link.getText().trim())
			.toList();
	}

	/** Follows the main navigation's link {@code text} ({@code People}, {@code Users}, {@code Keys}). */
	void nav(String text, String heading) {
		WebElement link = this.driver.findElements(By.cssSelector("nav[aria-label='Main'] a"))
			.stream()
			.filter((candidate) -> candidate.getText().trim().equals(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No '" + text + "' link in the main navigation " + navLinks()
					+ "\n" + diagnostics()));
		link.click();
		awaitHeading(heading);
	}

	void awaitHeading(String heading) {
		until("<h1>" + heading + "</h1>", () -> heading.equals(text("h1")));
	}

	/** Text content of the first element matching {@code css}, whitespace collapsed; null if none. */
	String text(String css) {
		return (String) this.driver.executeScript(TEXT_OF, css);
	}

	boolean present(String css) {
		return !this.driver.findElements(By.cssSelector(css)).isEmpty();
	}

	void click(String css) {
		until("a clickable " + css, () -> {
			WebElement element = this.driver.findElement(By.cssSelector(css));
			if (!element.isDisplayed() || !element.isEnabled()) {
				return false;
			}
			element.click();
			return true;
		});
	}

	void type(String css, String value) {
		WebElement field = this.driver.findElement(By.cssSelector(css));
		field.clear();
		field.sendKeys(value);
	}

	String value(String css) {
		return this.driver.findElement(By.cssSelector(css)).getDomProperty("value");
	}

	/** Accepts the {@code confirm()} the last click opened (call right after that click). */
	void acceptConfirm() {
		until("a confirm() dialog", () -> {
			this.driver.switchTo().alert().accept();
			return true;
		});
	}

	Object script(String script, Object... arguments) {
		return this.driver.executeScript(script, arguments);
	}

	private String attribute(String name) {
		return (String) this.driver
			.executeScript("return document.body ? document.body.getAttribute(arguments[0]) : null;", name);
	}

	// ---------------------------------------------------------------- people

	/** Creates a person through the form; back on the list with {@code Saved}. */
	void createPerson(String firstName, String lastName, String email) {
		click("#new-person");
		awaitHeading("New person");
		type("#firstName", firstName);
		type("#lastName", lastName);
		type("#email", email);
		this.driver.findElement(By.cssSelector("#person-form button[type='submit']")).click();
		awaitSavedOnList();
	}

	void awaitSavedOnList() {
		until("back on /people with #notice 'Saved'",
				() -> "/people".equals(appPath()) && contains(notice(), "Saved") && present("#people"));
	}

	/** The cells' texts of the row of the person with {@code email} on the current page, or null. */
	@SuppressWarnings("unchecked")
	List<String> personCells(String email) {
		return (List<String>) this.driver.executeScript("""
				const row = [...document.querySelectorAll('#people tbody tr')]
				  .find((tr) => tr.cells.length > 2 && tr.cells[2].textContent.trim() === arguments[0]);
				return row ? [...row.cells].map((cell) => cell.textContent.replace(/\\s+/g, ' ').trim()) : null;
				""", email);
	}

	/** Goes back to the first page of the list shown (people or users). */
	void firstPage() {
		while (isEnabled("#prev-page")) {
			turnPage("#prev-page");
		}
	}

	/** The row of the person with {@code email}, looked for from the first page on; fails if none. */
	WebElement personRow(String email) {
		awaitListLoaded();
		firstPage();
		while (true) {
			List<WebElement> rows = this.driver.findElements(By.xpath(
					"//table[@id='people']/tbody/tr[td[3][normalize-space()='" + email + "']]"));
			if (!rows.isEmpty()) {
				return rows.get(0);
			}
			if (!isEnabled("#next-page")) {
				throw new AssertionError("No person " + email + " on any page of the list\n" + diagnostics());
			}
			turnPage("#next-page");
		}
	}

	boolean personListed(String email) {
		try {
			personRow(email);
			return true;
		}
		catch (AssertionError ex) {
			if (ex.getMessage().startsWith("No person")) {
				return false;
			}
			throw ex;
		}
	}

	void awaitListLoaded() {
		until("the people list loaded (#people, #page-info 'Page n of m')",
				() -> present("#people") && text("#page-info") != null && text("#page-info").matches("Page \\d+ of \\d+"));
	}

	/** Clicks {@code #prev-page} or {@code #next-page} and waits for {@code #page-info} to change. */
	void turnPage(String button) {
		String before = text("#page-info");
		click(button);
		until("#page-info other than '" + before + "' after " + button,
				() -> text("#page-info") != null && !text("#page-info").equals(before)
						&& text("#page-info").matches("Page \\d+ of \\d+"));
	}

	boolean isEnabled(String css) {
		List<WebElement> elements = this.driver.findElements(By.cssSelector(css));
		return !elements.isEmpty() && elements.get(0).isEnabled();
	}

	// ---------------------------------------------------------------- tokens

	/** A token-endpoint response as the page received it. */
	record TokenResponse(long status, String grant, String refreshToken, String error) {

		@Override
		public String toString() {
			// never the token itself
			return "TokenResponse[status=" + this.status + ", grant=" + this.grant + ", error=" + this.error
					+ ", refreshToken=" + ((this.refreshToken != null) ? "(present)" : "(none)") + "]";
		}

	}

	/** The current tab's token responses since its document was loaded. */
	List<TokenResponse> tokenResponses() {
		List<TokenResponse> recorded = recordedTokenResponses();
		if (recorded == null) {
			throw new AssertionError("No token recorder in this tab (window.__e2eTokenResponses)\n" + diagnostics());
		}
		return recorded;
	}

	@SuppressWarnings("unchecked")
	private List<TokenResponse> recordedTokenResponses() {
		List<Map<String, Object>> recorded = (List<Map<String, Object>>) this.driver.executeScript(
				"return window.__e2eTokenResponses ? JSON.parse(JSON.stringify(window.__e2eTokenResponses)) : null;");
		if (recorded == null) {
			return null;
		}
		return recorded.stream()
			.map((entry) -> new TokenResponse(((Number) entry.get("status")).longValue(), (String) entry.get("grant"),
					(String) entry.get("refreshToken"), (String) entry.get("error")))
			.toList();
	}

	/** The distinct refresh tokens the current tab received from refresh-token grants that succeeded. */
	Set<String> rotatedRefreshTokens() {
		return tokenResponses().stream()
			.filter((response) -> response.status() == 200 && "refresh_token".equals(response.grant()))
			.map(TokenResponse::refreshToken)
			.filter(Objects::nonNull)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/** The refresh token the current tab holds now: the last one it received. */
	String currentRefreshToken() {
		List<String> tokens = tokenResponses().stream()
			.filter((response) -> response.status() == 200)
			.map(TokenResponse::refreshToken)
			.filter(Objects::nonNull)
			.toList();
		if (tokens.isEmpty()) {
			throw new AssertionError("The tab received no refresh token: " + tokenResponses() + "\n" + diagnostics());
		}
		return tokens.get(tokens.size() - 1);
	}

	private void recordTokenResponses() {
		this.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", TOKEN_RECORDER));
	}

	// ---------------------------------------------------------------- waiting and diagnosing

	/** Waits up to {@link #TIMEOUT} for {@code condition}; fails with what the page showed. */
	void until(String what, Callable<Boolean> condition) {
		until(what, TIMEOUT, condition);
	}

	void until(String what, Duration timeout, Callable<Boolean> condition) {
		try {
			await(what).atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(150))
				.ignoreExceptionsMatching(
						(ex) -> ex instanceof WebDriverException && !(ex instanceof NoSuchSessionException))
				.until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(this.name + ": timed out after " + timeout.toSeconds() + "s waiting for " + what
					+ "\n" + diagnostics(), ex);
		}
	}

	/** Checks that {@code condition} holds for all of {@code duration} (e.g. no redirect loop). */
	void stays(String what, Duration duration, Callable<Boolean> condition) {
		try {
			await(what).during(duration)
				.atMost(duration.plusSeconds(5))
				.pollInterval(Duration.ofMillis(250))
				.until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(this.name + ": did not stay so for " + duration.toSeconds() + "s: " + what
					+ "\n" + diagnostics(), ex);
		}
	}

	/** What the current tab shows, for failure messages: never a token. */
	String diagnostics() {
		StringBuilder out = new StringBuilder("  browser " + this.name + ", tab " + safe(this::windowHandle) + "\n");
		out.append("  url: ").append(safe(this::currentUrl)).append('\n');
		out.append("  data-session: ").append(safe(this::session)).append(", data-renewals: ")
			.append(safe(() -> attribute("data-renewals"))).append('\n');
		out.append("  h1: ").append(safe(() -> text("h1"))).append('\n');
		out.append("  #notice: ").append(safe(this::notice)).append('\n');
		out.append("  #connection: ").append(safe(this::connection)).append('\n');
		out.append("  #signed-out-reason: ").append(safe(this::signedOutReason)).append('\n');
		out.append("  token responses: ").append(safe(() -> String.valueOf(recordedTokenResponses()))).append('\n');
		out.append("  console (last lines):\n");
		consoleTail(25).forEach((line) -> out.append("    ").append(line).append('\n'));
		return out.toString();
	}

	/** The page console's last {@code lines} lines (kept across calls: the driver hands each line out once). */
	List<String> consoleTail(int lines) {
		try {
			for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
				this.console.addLast(entry.getLevel() + " " + entry.getMessage());
				while (this.console.size() > 500) {
					this.console.removeFirst();
				}
			}
		}
		catch (WebDriverException | UnsupportedOperationException ex) {
			this.console.addLast("(console log not available: " + ex.getClass().getSimpleName() + ")");
		}
		List<String> all = new ArrayList<>(this.console);
		return all.subList(Math.max(0, all.size() - lines), all.size());
	}

	private static String safe(Callable<String> value) {
		try {
			return value.call();
		}
		catch (Exception | AssertionError ex) {
			return "(" + ex.getClass().getSimpleName() + ")";
		}
	}

	// ---------------------------------------------------------------- artifacts

	/** Saves the current tab's viewport as {@code target/screenshots/<name>.png}. */
	Path screenshot(String name) {
		try {
			Path target = Files.createDirectories(screenshots()).resolve(this.screenshotPrefix + name + ".png");
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** After a failure: each tab's screenshot, DOM and diagnostics under target/screenshots/. */
	void saveFailureArtifacts(String prefix) {
		Set<String> handles;
		try {
			handles = this.driver.getWindowHandles();
		}
		catch (WebDriverException ex) {
			return;
		}
		int tab = 0;
		for (String handle : handles) {
			String base = prefix + "-" + this.name + "-tab" + (++tab);
			try {
				this.driver.switchTo().window(handle);
				try {
					this.driver.switchTo().alert().dismiss();
				}
				catch (WebDriverException ex) {
					// no dialog open
				}
				screenshot(base);
				Files.writeString(screenshots().resolve(base + ".html"), this.driver.getPageSource());
				Files.writeString(screenshots().resolve(base + ".txt"), diagnostics());
			}
			catch (IOException | WebDriverException ex) {
				// best effort: the failure itself is what the report shows
			}
		}
	}

	private static Path screenshots() throws IOException {
		return Files.createDirectories(Path.of("target", "screenshots"));
	}

	static boolean contains(String text, String part) {
		return text != null && text.contains(part);
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		catch (WebDriverException ex) {
			// already gone
		}
	}

}
