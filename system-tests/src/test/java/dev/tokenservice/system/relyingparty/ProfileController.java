package dev.tokenservice.system.relyingparty;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.HtmlUtils;

import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

/**
 * The relying party's pages, plain HTML without JavaScript: a public landing page (also where
 * RP-initiated logout returns), the signed-in user's profile with the answer of the people API, and
 * a form that renews the tokens. Element ids are what the tests read.
 */
@RestController
class ProfileController {

	private final RestClient peopleApi;

	private final ForcedRefresh forcedRefresh;

	ProfileController(RestClient peopleApi, ForcedRefresh forcedRefresh) {
		this.peopleApi = peopleApi;
		this.forcedRefresh = forcedRefresh;
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String home() {
		return page("Relying party", "<p id=\"home\">Welcome. <a href=\"/profile\">Your profile</a></p>");
	}

	@GetMapping(path = "/profile", produces = MediaType.TEXT_HTML_VALUE)
	String profile(@AuthenticationPrincipal OidcUser user, OAuth2AuthenticationToken authentication,
			CsrfToken csrf) {
		String registration = authentication.getAuthorizedClientRegistrationId();
		// the manager attaches the user's access token (renewing it first if it has expired)
		int people = this.peopleApi.get()
			.uri("/api/people")
			.attributes(clientRegistrationId(registration))
			.exchange((request, response) -> response.getStatusCode().value());
		return page("Profile", """
				<dl>
				  <dt>Subject</dt><dd id="sub">%s</dd>
				  <dt>Email</dt><dd id="email">%s</dd>
				  <dt>Client</dt><dd id="client">%s</dd>
				  <dt>People API</dt><dd id="people">%d</dd>
				</dl>
				%s
				%s""".formatted(escape(user.getSubject()), escape(user.getEmail()), escape(registration), people,
				form("refresh", "/refresh", "Renew tokens", csrf), form("logout", "/logout", "Sign out", csrf)));
	}

	@PostMapping(path = "/refresh", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> refresh(OAuth2AuthenticationToken authentication, HttpServletRequest request,
			HttpServletResponse response) {
		try {
			this.forcedRefresh.refresh(authentication, request, response);
			return ResponseEntity.ok(page("Renewed", "<p id=\"refreshed\">Tokens renewed.</p>"));
		}
		catch (ClientAuthorizationException ex) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(page("Not renewed",
						"<p id=\"error\">" + escape(ex.getError().getErrorCode()) + "</p>"));
		}
	}

	private static String form(String id, String action, String label, CsrfToken csrf) {
		return """
				<form id="%s" method="post" action="%s">
				  <input type="hidden" name="%s" value="%s">
				  <button type="submit">%s</button>
				</form>""".formatted(id, action, escape(csrf.getParameterName()), escape(csrf.getToken()), label);
	}

	private static String page(String title, String body) {
		return "<!DOCTYPE html><html lang=\"en\"><head><title>" + title + "</title></head><body>" + body
				+ "</body></html>";
	}

	private static String escape(String text) {
		return (text != null) ? HtmlUtils.htmlEscape(text) : "";
	}

}
