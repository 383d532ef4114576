package dev.tokenservice.system;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.Page;
import org.htmlunit.StringWebResponse;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.WebConnectionWrapper;

/**
 * A user's browser, played by HtmlUnit with JavaScript off: it follows redirects, keeps cookies per
 * host as a browser does, submits the server-rendered forms, and records every URL it requested.
 * <p>
 * Redirect URIs given to {@link #intercepting(String...)} are answered inside the browser and recorded
 * instead of being requested, as a native app's loopback listener would catch them: protocol tests
 * read the authorization response from there and do the rest with their own client library.
 */
final class Browser implements AutoCloseable {

	private static final Pattern APPROVE = Pattern.compile("(?i)approve|allow|accept|agree|consent|submit");

	private static final Pattern DENY = Pattern.compile("(?i)deny|cancel|reject|decline");

	private static final Pattern ANY = Pattern.compile("");

	private final WebClient client = new WebClient();

	private final List<String> intercepted;

	private final List<URI> callbacks = new CopyOnWriteArrayList<>();

	private final List<String> requested = new CopyOnWriteArrayList<>();

	private Browser(List<String> intercepted) {
		this.intercepted = List.copyOf(intercepted);
		this.client.getOptions().setJavaScriptEnabled(false);
		this.client.getOptions().setCssEnabled(false);
		this.client.getOptions().setThrowExceptionOnFailingStatusCode(false);
		this.client.getOptions().setRedirectEnabled(true);
		this.client.getOptions().setTimeout(20_000);
		new WebConnectionWrapper(this.client) {

			@Override
			public WebResponse getResponse(WebRequest request) throws IOException {
				String url = request.getUrl().toString();
				Browser.this.requested.add(url);
				if (Browser.this.intercepted.stream().anyMatch(url::startsWith)) {
					Browser.this.callbacks.add(URI.create(url));
					return new StringWebResponse("<!DOCTYPE html><title>Callback</title><p>Received</p>",
							request.getUrl());
				}
				return super.getResponse(request);
			}

		};
	}

	/** A browser with no cookies, catching requests to any of {@code redirectUris}. */
	static Browser intercepting(String... redirectUris) {
		return new Browser(List.of(redirectUris));
	}

	Page open(String url) {
		try {
			return this.client.getPage(url);
		}
		catch (IOException | FailingHttpStatusCodeException ex) {
			throw new IllegalStateException("GET " + url + " failed", ex);
		}
	}

	HtmlPage openHtml(String url) {
		return html(open(url));
	}

	/** The authorization responses caught so far, the latest last. */
	List<URI> callbacks() {
		return List.copyOf(this.callbacks);
	}

	URI lastCallback() {
		if (this.callbacks.isEmpty()) {
			throw new AssertionError("No request reached an intercepted redirect URI; requested: " + this.requested);
		}
		return this.callbacks.get(this.callbacks.size() - 1);
	}

	/** Every URL requested so far, intercepted ones included. */
	List<String> requested() {
		return List.copyOf(this.requested);
	}

	/**
	 * Opens an authorization request and does what a user does until the browser reaches a redirect
	 * URI: fills the login form if one is shown, approves the consent page if one is shown.
	 *
	 * @return the page the browser ended on (an intercepted callback or the relying party's page)
	 */
	Page authorize(String url, String email, String password) {
		Page page = open(url);
		for (int step = 0; step < 4 && page instanceof HtmlPage html; step++) {
			if (isLoginPage(html)) {
				page = logIn(html, email, password);
			}
			else if (isConsentPage(html)) {
				page = approveConsent(html);
			}
			else {
				break;
			}
		}
		return page;
	}

	static boolean isLoginPage(Page page) {
		return page instanceof HtmlPage html && loginForm(html) != null;
	}

	static boolean isConsentPage(Page page) {
		return page instanceof HtmlPage && page.getUrl().getPath().equals("/oauth2/consent");
	}

	/** Fills the auth-server's login form and submits it. */
	Page logIn(HtmlPage page, String email, String password) {
		HtmlForm form = loginForm(page);
		if (form == null) {
			throw new AssertionError("No login form at " + page.getUrl() + ":\n" + page.asNormalizedText());
		}
		form.getInputByName("username").setValue(email);
		form.getInputByName("password").setValue(password);
		return click(submitButton(form, APPROVE, page));
	}

	/** Grants every scope the consent page offers. */
	Page approveConsent(HtmlPage page) {
		HtmlForm form = consentForm(page);
		for (HtmlCheckBoxInput box : form.<HtmlCheckBoxInput>getByXPath(".//input[@type='checkbox']")) {
			if (!box.isDisabled()) {
				box.setChecked(true);
			}
		}
		return click(submitButton(form, APPROVE, page));
	}

	/** Answers the consent page with its deny button. */
	Page denyConsent(HtmlPage page) {
		return click(submitButton(null, DENY, page));
	}

	static HtmlPage html(Page page) {
		if (page instanceof HtmlPage html) {
			return html;
		}
		throw new AssertionError("Not an HTML page at " + page.getUrl() + " (" + status(page) + "): "
				+ page.getWebResponse().getContentAsString());
	}

	static int status(Page page) {
		return page.getWebResponse().getStatusCode();
	}

	/** The text of the element with {@code id}, or an assertion error naming the page. */
	static String text(Page page, String id) {
		HtmlPage html = html(page);
		DomElement element = html.getElementById(id);
		if (element == null) {
			throw new AssertionError("No #" + id + " at " + page.getUrl() + " (" + status(page) + "):\n"
					+ html.asNormalizedText());
		}
		return element.getTextContent().trim();
	}

	/** Submits the form with {@code id} on {@code page} through its button. */
	Page submit(Page page, String formId) {
		DomElement form = html(page).getElementById(formId);
		if (!(form instanceof HtmlForm htmlForm)) {
			throw new AssertionError("No form #" + formId + " at " + page.getUrl());
		}
		return click(submitButton(htmlForm, ANY, html(page)));
	}

	@Override
	public void close() {
		this.client.close();
	}

	private static HtmlForm loginForm(HtmlPage page) {
		for (HtmlForm form : page.getForms()) {
			if (!form.getInputsByName("username").isEmpty() && !form.getInputsByName("password").isEmpty()) {
				return form;
			}
		}
		return null;
	}

	private static HtmlForm consentForm(HtmlPage page) {
		for (HtmlForm form : page.getForms()) {
			if (!form.getByXPath(".//input[@type='checkbox'] | .//input[@name='scope']").isEmpty()) {
				return form;
			}
		}
		if (page.getForms().isEmpty()) {
			throw new AssertionError("No form on the consent page " + page.getUrl() + ":\n" + page.asNormalizedText());
		}
		return page.getForms().get(0);
	}

	/** The submit button of {@code form} (any form when null) whose label, name or value matches. */
	private static HtmlElement submitButton(HtmlForm form, Pattern label, HtmlPage page) {
		List<HtmlElement> buttons = new ArrayList<>(((form != null) ? form : page.getDocumentElement())
			.<HtmlElement>getByXPath(".//button[not(@type) or @type='submit'] | .//input[@type='submit']"));
		for (HtmlElement button : buttons) {
			String words = String.join(" ", button.getTextContent(), button.getAttribute("name"),
					button.getAttribute("value"), button.getId());
			if (label.matcher(words).find() && (label == DENY || !DENY.matcher(words).find())) {
				return button;
			}
		}
		if (form != null && buttons.size() == 1) {
			return buttons.get(0);
		}
		throw new AssertionError("No submit button matching " + label + " at " + page.getUrl() + ":\n"
				+ page.asXml());
	}

	private static Page click(HtmlElement button) {
		try {
			return button.click();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Submitting " + button + " failed", ex);
		}
	}

}
