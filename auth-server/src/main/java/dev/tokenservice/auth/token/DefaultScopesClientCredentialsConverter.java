package dev.tokenservice.auth.token;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A {@code client_credentials} request without {@code scope} gets all of the client's registered
 * scopes (RFC 6749 §3.3 lets the server pick a default; Keycloak does the same with default client
 * scopes). SAS alone would issue a token with no scope, which no resource server accepts.
 */
public class DefaultScopesClientCredentialsConverter implements AuthenticationConverter {

	private final OAuth2ClientCredentialsAuthenticationConverter delegate = new OAuth2ClientCredentialsAuthenticationConverter();

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = this.delegate.convert(request);
		if (!(converted instanceof OAuth2ClientCredentialsAuthenticationToken grant) || !grant.getScopes().isEmpty()
				|| !(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)) {
			return converted;
		}
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		if (client == null || client.getScopes().isEmpty()) {
			return converted;
		}
		return new OAuth2ClientCredentialsAuthenticationToken(clientPrincipal, client.getScopes(),
				grant.getAdditionalParameters());
	}

}
