package dev.tokenservice.auth.session;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

/**
 * RFC 7009 for the refresh tokens of registered clients: revoking one ends its session (family), when
 * the client that presents it is the one it was issued to; another client's token ends nothing and gets
 * the same 200 (RFC 7009 §2.2). Any other token (an access token) is left to SAS's provider, next.
 */
public class ClientRefreshTokenRevocationProvider implements AuthenticationProvider {

	private final RefreshTokenService sessions;

	public ClientRefreshTokenRevocationProvider(RefreshTokenService sessions) {
		this.sessions = sessions;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
				|| !clientPrincipal.isAuthenticated() || clientPrincipal.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		String clientId = clientPrincipal.getRegisteredClient().getClientId();
		if (!this.sessions.revokeForClient(request.getToken(), clientId)) {
			// not a refresh token of a registered client: SAS's provider decides
			return null;
		}
		return new OAuth2TokenRevocationAuthenticationToken(new OAuth2RefreshToken(request.getToken(), null),
				clientPrincipal);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
