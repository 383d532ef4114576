package dev.tokenservice.auth.browser;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * What every page of the auth server sends, and the pages rendered outside Spring MVC: the error page
 * of an authorization request that cannot go back to its client, and the 403 page (a missing CSRF
 * token). Those are written by Spring Security handlers, which the browser chain's header writer may
 * not see, so the security headers are set here as well.
 */
@Component
public class BrowserPages {

	/**
	 * Nothing but our own stylesheet; no script at all; never framed (clickjacking). No
	 * {@code form-action}: Chromium applies it to every redirect that follows a form POST, and the login
	 * and consent forms post to this server, which then redirects to /oauth2/authorize and on to the
	 * client's redirect URI on another origin; {@code form-action 'self'} would block exactly that. The
	 * forms' targets are fixed in the templates and no script can add a form, so dropping it costs
	 * nothing here.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self';"
			+ " frame-ancestors 'none'; base-uri 'none'";

	/** Nothing of a page's URL (an authorization request's state, a consent's state) leaves with a link. */
	public static final String REFERRER_POLICY = "no-referrer";

	private final ITemplateEngine templates;

	BrowserPages(ITemplateEngine templates) {
		this.templates = templates;
	}

	/** The error page, with {@code status}, a heading and one sentence. */
	public void error(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String heading,
			String message) throws IOException {
		render(request, response, status, "error",
				Map.of("status", status.value(), "heading", heading, "message", message));
	}

	/**
	 * The 403 page of the browser chain: in practice a form posted without its CSRF token (an old tab, a
	 * form on another site), so it says what to do rather than what happened.
	 */
	public void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		error(request, response, HttpStatus.FORBIDDEN, "This form has expired",
				"The form was not sent from a page of this server, or the page was open too long. Go back, reload the page and try again.");
	}

	void render(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String template,
			Map<String, Object> model) throws IOException {
		response.setStatus(status.value());
		writeHeaders(response);
		response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
		WebContext context = new WebContext(
				JakartaServletWebApplication.buildApplication(request.getServletContext())
					.buildExchange(request, response));
		context.setVariables(model);
		this.templates.process(template, context, response.getWriter());
	}

	static void writeHeaders(HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", REFERRER_POLICY);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
	}

}
