package dev.tokenservice.auth.token;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenservice.auth.issuer.TokensIssued;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * SAS's token response, counted in {@code auth.tokens.issued} by the request's {@code grant_type} (a
 * successful one: a grant SAS supports) and the authenticated client: every access token of the token
 * endpoint (client credentials, code exchange, refresh, token exchange) passes here once; token exchange's
 * URN counts as {@code token_exchange}.
 */
public final class CountedTokenResponses implements AuthenticationSuccessHandler {

	private final AuthenticationSuccessHandler delegate = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

	private final TokensIssued tokensIssued;

	public CountedTokenResponses(TokensIssued tokensIssued) {
		this.tokensIssued = tokensIssued;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		this.delegate.onAuthenticationSuccess(request, response, authentication);
		if (authentication instanceof OAuth2AccessTokenAuthenticationToken issued) {
			this.tokensIssued.issued(request.getParameter(OAuth2ParameterNames.GRANT_TYPE),
					issued.getRegisteredClient().getClientId());
		}
	}

}
