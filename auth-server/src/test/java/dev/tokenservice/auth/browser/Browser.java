package dev.tokenservice.auth.browser;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tokenservice.testsupport.TestHttp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without JavaScript, as far as these pages need one: cookies (one jar per browser, by host
 * as browsers keep them, so two nodes on localhost share them), forms read with jsoup and posted as a
 * browser posts them, redirects followed on the server and stopped at the first one that leaves it
 * (the client's redirect URI). Every response seen is kept, for the header and cookie checks.
 */
final class Browser {

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<HttpResponse<String>> seen = new ArrayList<>();

	/** A GET as a top-level navigation; redirects on localhost followed. */
	Page open(String url) {
		return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()));
	}

	/** A single GET, no redirect followed. */
	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	/** Fills {@code values} into the page's form (by selector), keeps its hidden fields, and submits it. */
	Page submit(Page page, String formSelector, Map<String, String> values) {
		Element form = page.document().selectFirst(formSelector);
		if (form == null) {
			throw new AssertionError("No form " + formSelector + " in " + page.response().uri() + ":\n" + page.body());
		}
		List<String[]> fields = new ArrayList<>();
		for (Element input : form.select("input[name]")) {
			String name = input.attr("name");
			if (!values.containsKey(name)) {
				fields.add(new String[] { name, input.attr("value") });
			}
		}
		values.forEach((name, value) -> fields.add(new String[] { name, value }));
		return post(page.response().uri().resolve(form.attr("action")).toString(), fields);
	}

	/** A form POST with exactly these fields (name, value pairs); redirects on localhost followed. */
	Page post(String url, List<String[]> fields) {
		StringBuilder body = new StringBuilder();
		for (String[] field : fields) {
			if (!body.isEmpty()) {
				body.append('&');
			}
			body.append(TestHttp.formBody(Map.of(field[0], field[1])));
		}
		return follow(send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
	}

	Page post(String url, Map<String, String> fields) {
		List<String[]> list = new ArrayList<>();
		fields.forEach((name, value) -> list.add(new String[] { name, value }));
		return post(url, list);
	}

	Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	/** Every response this browser received, redirects included. */
	List<HttpResponse<String>> seen() {
		return this.seen;
	}

	private Page follow(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10; hops++) {
			Optional<String> location = current.headers().firstValue("Location");
			if (current.statusCode() / 100 != 3 || location.isEmpty()) {
				return new Page(current);
			}
			URI next = current.uri().resolve(location.get());
			if (!"localhost".equals(next.getHost()) || next.getPort() != current.uri().getPort()) {
				// the client's redirect URI (another host, or another port such as a web app's): a real
				// browser would leave this server here
				return new Page(current);
			}
			current = send(HttpRequest.newBuilder(next).GET());
		}
		throw new AssertionError("Too many redirects from " + response.uri());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(
					request.header("Accept", "text/html,application/xhtml+xml").timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			this.seen.add(response);
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response and, for HTML, its document. */
	record Page(HttpResponse<String> response) {

		Document document() {
			return Jsoup.parse(body(), response().uri().toString());
		}

		String body() {
			return response().body();
		}

		int status() {
			return response().statusCode();
		}

		Optional<String> location() {
			return response().headers().firstValue("Location");
		}

		/** The query parameters of the redirect this page is (the client's callback). */
		Map<String, String> redirectParameters() {
			URI uri = URI.create(location().orElseThrow(() -> new AssertionError(
					"Not a redirect: " + status() + " " + response().uri() + "\n" + body())));
			Map<String, String> parameters = new LinkedHashMap<>();
			if (uri.getRawQuery() != null) {
				for (String pair : uri.getRawQuery().split("&")) {
					int eq = pair.indexOf('=');
					parameters.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
				}
			}
			return parameters;
		}

		String text(String selector) {
			Element element = document().selectFirst(selector);
			return (element != null) ? element.text() : null;
		}

		private static String decode(String value) {
			return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

}
