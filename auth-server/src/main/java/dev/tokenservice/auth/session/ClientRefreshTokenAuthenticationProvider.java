package dev.tokenservice.auth.session;

import java.util.Map;

import dev.tokenservice.auth.session.RefreshTokenService.ClientTokens;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * {@code grant_type=refresh_token} at the token endpoint, for public and confidential clients, on the
 * refresh families ({@link RefreshTokenService#rotateForClient}) instead of SAS's authorization row:
 * rotation on every use, reuse revokes the session, the absolute lifetime never grows, the token is
 * bound to its client. The response carries no new ID token (OIDC Core §12.2 makes it optional).
 */
public class ClientRefreshTokenAuthenticationProvider implements AuthenticationProvider {

	private final RefreshTokenService sessions;

	public ClientRefreshTokenAuthenticationProvider(RefreshTokenService sessions) {
		this.sessions = sessions;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2RefreshTokenAuthenticationToken request = (OAuth2RefreshTokenAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
				|| !clientPrincipal.isAuthenticated() || clientPrincipal.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
		}
		ClientTokens tokens;
		try {
			tokens = this.sessions.rotateForClient(request.getRefreshToken(), client.getClientId(),
					request.getScopes(), (scopes) -> UserGrantTokenGenerator.grant(client, scopes));
		}
		catch (InvalidRefreshTokenException ex) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, ex.getBody().getDetail(), null));
		}
		catch (ScopeNotGrantedException ex) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, ex.getMessage(), null));
		}
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				tokens.accessToken().getTokenValue(), tokens.accessToken().getIssuedAt(),
				tokens.accessToken().getExpiresAt(), tokens.scopes());
		return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, accessToken, tokens.refreshToken(),
				Map.of());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
