package dev.tokenservice.auth.audit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tokenservice.testsupport.TestHttp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Just enough browser for the login, sign-up and account pages: cookies, the form's CSRF field posted
 * back, and plain GETs (RP-initiated logout) with the same cookies.
 */
final class PageBrowser {

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	PageBrowser(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	/** Opens {@code path}, fills its form with {@code values} (hidden fields kept) and posts it. */
	HttpResponse<String> submit(String path, Map<String, String> values) {
		HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
		Element form = Jsoup.parse(page.body()).selectFirst("form[method=post]");
		if (form == null) {
			throw new AssertionError("No form at " + path + ": " + page.body());
		}
		Map<String, String> fields = new LinkedHashMap<>();
		form.select("input[type=hidden]").forEach((input) -> fields.put(input.attr("name"), input.attr("value")));
		fields.putAll(values);
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + form.attr("action")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(TestHttp.formBody(fields))));
	}

	/** Opens {@code pathAndQuery}, redirects not followed. */
	HttpResponse<String> get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery)).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
