package dev.tokenservice.system;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browsers of one test: separate Chromium instances (one per person, since a browser shares its
 * login cookie between tabs). When the test fails, each tab's screenshot, DOM and diagnostics are saved
 * under target/screenshots/ before the browsers are closed.
 */
final class WebAppBrowsers implements AfterTestExecutionCallback, AfterEachCallback {

	private final Supplier<WebAppSystem> system;

	private final List<WebAppBrowser> open = new ArrayList<>();

	WebAppBrowsers(Supplier<WebAppSystem> system) {
		this.system = system;
	}

	/** A new browser for {@code person}, on the app's start page. */
	WebAppBrowser open(String person) {
		WebAppBrowser browser = WebAppBrowser.open(person, this.system.get());
		this.open.add(browser);
		browser.openApp();
		return browser;
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		if (context.getExecutionException().isPresent()) {
			String prefix = "FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
					+ context.getRequiredTestMethod().getName();
			this.open.forEach((browser) -> browser.saveFailureArtifacts(prefix));
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.open.forEach(WebAppBrowser::close);
		this.open.clear();
	}

}
