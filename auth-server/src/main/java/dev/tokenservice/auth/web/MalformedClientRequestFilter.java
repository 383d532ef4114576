package dev.tokenservice.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A client request whose form body the container cannot parse (bad percent-encoding, over
 * {@code server.tomcat.max-http-form-post-size}) gets RFC 6749's {@code invalid_request} JSON; left
 * alone, Tomcat fails the request into Boot's generic error body, which OAuth2 clients cannot read.
 */
public class MalformedClientRequestFilter extends OncePerRequestFilter {

	// Tomcat's marker of a failed parameter parse (org.apache.catalina.Globals.PARAMETER_PARSE_FAILED_ATTR)
	private static final String PARSE_FAILED = "org.apache.catalina.parameter_parse_failed";

	private final OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !InvalidClientEntryPoint.CLIENT_ENDPOINTS.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean parsed;
		try {
			request.getParameterMap();
			parsed = request.getAttribute(PARSE_FAILED) == null;
		}
		catch (IllegalStateException ex) {
			parsed = false;
		}
		if (parsed) {
			chain.doFilter(request, response);
			return;
		}
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.BAD_REQUEST);
		this.converter.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
				"The request body is not a well-formed form of acceptable size", null), null, httpResponse);
	}

}
