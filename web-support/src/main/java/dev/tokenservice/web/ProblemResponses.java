package dev.tokenservice.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;

/**
 * Refusals outside Spring MVC (security filters) as RFC 9457 problem documents. Spring's Bearer
 * handlers still set the status and {@code WWW-Authenticate} (RFC 6750); this adds the body.
 */
public class ProblemResponses {

	private static final Logger logger = LoggerFactory.getLogger(ProblemResponses.class);

	private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler accessDeniedHandler = new BearerTokenAccessDeniedHandler();

	private final JsonMapper jsonMapper;

	public ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void unauthorized(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		this.entryPoint.commence(request, response, exception);
		// the method and path only: never the token, nor the exception's message (it may quote the token)
		logger.debug("Refused {} {}: {}, no valid Bearer token", request.getMethod(), request.getRequestURI(),
				response.getStatus());
		write(request, response, HttpStatus.valueOf(response.getStatus()), "A valid Bearer access token is required");
	}

	public void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		this.accessDeniedHandler.handle(request, response, exception);
		logger.debug("Refused {} {}: {}, the token does not allow it", request.getMethod(), request.getRequestURI(),
				response.getStatus());
		write(request, response, HttpStatus.valueOf(response.getStatus()), "The token does not allow this request");
	}

	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		write(response, status, detail, request.getRequestURI());
	}

	public void write(HttpServletResponse response, HttpStatus status, String detail, String instance)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		try {
			problem.setInstance(URI.create(instance));
		}
		catch (IllegalArgumentException ex) {
			// a request URI the firewall refused may not even be a valid URI reference
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
