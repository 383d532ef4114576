package dev.tokenservice.auth.clients;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Public clients (method {@code none}) name themselves with {@code client_id} alone on a refresh
 * ({@code grant_type=refresh_token}) and at the revocation endpoint. SAS's own public-client support
 * covers only the code exchange (its converter matches PKCE token requests, its provider demands a
 * {@code code_verifier}). Proof of possession comes from the refresh token itself: rotation and reuse
 * detection, bound to the client. Only a client registered with method {@code none} is accepted so.
 */
public final class PublicClientAuthentication {

	private PublicClientAuthentication() {
	}

	/** Refresh requests at the token endpoint and revocation requests that carry {@code client_id} and no secret. */
	public static AuthenticationConverter converter(RequestMatcher tokenEndpoint, RequestMatcher revocationEndpoint) {
		return (request) -> {
			if (!"POST".equals(request.getMethod()) || request.getHeader("Authorization") != null
					|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
					|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
				return null;
			}
			boolean refresh = tokenEndpoint.matches(request) && AuthorizationGrantType.REFRESH_TOKEN.getValue()
				.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
			if (!refresh && !revocationEndpoint.matches(request)) {
				return null;
			}
			String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
			if (clientIds == null) {
				return null;
			}
			if (clientIds.length != 1 || clientIds[0].isBlank()) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
			}
			return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
					additionalParameters(request));
		};
	}

	/** Authenticates what {@link #converter} produced; code exchanges stay with SAS's provider. */
	public static AuthenticationProvider provider(RegisteredClientRepository clients) {
		return new Provider(clients);
	}

	private static Map<String, Object> additionalParameters(HttpServletRequest request) {
		Map<String, Object> parameters = new HashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
				parameters.put(name, (values.length == 1) ? values[0] : values);
			}
		});
		return parameters;
	}

	private static final class Provider implements AuthenticationProvider {

		private static final List<String> HANDLED_GRANTS = List.of(AuthorizationGrantType.REFRESH_TOKEN.getValue());

		private final RegisteredClientRepository clients;

		Provider(RegisteredClientRepository clients) {
			this.clients = clients;
		}

		@Override
		public Authentication authenticate(Authentication authentication) {
			OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
			if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())) {
				return null;
			}
			Object grantType = request.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE);
			boolean revocation = grantType == null
					&& request.getAdditionalParameters().containsKey(OAuth2ParameterNames.TOKEN);
			if (!revocation && !HANDLED_GRANTS.contains(grantType)) {
				// a code exchange (PKCE): SAS's PublicClientAuthenticationProvider checks the code_verifier
				return null;
			}
			RegisteredClient client = this.clients.findByClientId(String.valueOf(request.getPrincipal()));
			if (client == null
					|| !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
						"Client authentication failed: " + OAuth2ParameterNames.CLIENT_ID, null));
			}
			return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
		}

	}

}
