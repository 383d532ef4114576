package dev.tokenservice.auth.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenservice.auth.issuer.IssuerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's answers. To the client's redirect URI, as SAS sends them, plus the
 * {@code iss} parameter (RFC 9207: a client that talks to several servers can tell which one
 * answered, the mix-up defence), on success and on every error. An error SAS will not send back (no
 * registered redirect URI could be established: unknown client, foreign redirect URI, missing or
 * repeated parameters) is a 400 HTML page for the person at the browser; never a redirect, and never
 * the JSON of the protocol endpoints.
 */
@Component
public class AuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationResponses.class);

	private final String issuer;

	private final BrowserPages pages;

	AuthorizationResponses(IssuerProperties issuer, BrowserPages pages) {
		this.issuer = issuer.uri().toString();
		this.pages = pages;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, result.getAuthorizationCode().getTokenValue());
		redirect(request, response, uri, result.getState());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
				: new OAuth2Error("invalid_request");
		OAuth2AuthorizationCodeRequestAuthenticationToken codeRequest = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException refused)
				? refused.getAuthorizationCodeRequestAuthentication() : null;
		if (codeRequest == null || !StringUtils.hasText(codeRequest.getRedirectUri())) {
			logger.debug("Authorization request refused without redirect: {}", error.getErrorCode());
			this.pages.error(request, response, HttpStatus.BAD_REQUEST, "This sign-in request cannot be completed",
					"The app that sent you here made a request this server cannot accept (" + error.getErrorCode()
							+ (StringUtils.hasText(error.getDescription()) ? ": " + error.getDescription() : "")
							+ "). Go back to the app and try again; if it keeps happening, tell the app's team.");
			return;
		}
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(codeRequest.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		if (StringUtils.hasText(error.getUri())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
		}
		redirect(request, response, uri, codeRequest.getState());
	}

	private void redirect(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder uri,
			String state) throws IOException {
		if (StringUtils.hasText(state)) {
			uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		uri.queryParam("iss", encode(this.issuer));
		// build(true): every component is encoded already. Not Spring Security's DefaultRedirectStrategy,
		// whose debug log would write the code into the log
		response.sendRedirect(uri.build(true).toUriString());
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
