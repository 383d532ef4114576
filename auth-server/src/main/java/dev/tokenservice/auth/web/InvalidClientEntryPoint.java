package dev.tokenservice.auth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A request to a client-authenticated endpoint that carried no client credentials at all: RFC 6749
 * §5.2 {@code invalid_client} with status 401 and a JSON body (Spring Security would otherwise answer
 * with an empty 401 or a redirect).
 */
public class InvalidClientEntryPoint implements AuthenticationEntryPoint {

	/** The endpoints where a client authenticates itself. */
	public static final RequestMatcher CLIENT_ENDPOINTS = new OrRequestMatcher(
			PathPatternRequestMatcher.pathPattern("/oauth2/token"),
			PathPatternRequestMatcher.pathPattern("/oauth2/introspect"),
			PathPatternRequestMatcher.pathPattern("/oauth2/revoke"),
			PathPatternRequestMatcher.pathPattern("/oauth2/device_authorization"),
			PathPatternRequestMatcher.pathPattern("/oauth2/par"));

	private final OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
		// RFC 6749 §5.2: a 401 for client authentication names the scheme the client can use
		httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"oauth2\"");
		this.converter.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication required", null),
				null, httpResponse);
	}

}
