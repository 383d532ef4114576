package dev.tokenservice.auth.session;

import java.util.List;

import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The OIDC userinfo endpoint on the verified access token and its session, not on SAS's authorization
 * row (a token from a refresh has none): {@code sub}; {@code email} with scope {@code email};
 * {@code roles} with scope {@code roles}. Refused (invalid_token) without scope {@code openid}, without
 * a live session (revoked, logged out, past its lifetime), or for a disabled user.
 */
public class SessionUserInfoProvider implements AuthenticationProvider {

	/** The scope that releases the user's roles (not an OIDC standard scope). */
	public static final String ROLES_SCOPE = "roles";

	private final RefreshTokenService sessions;

	private final UserService users;

	public SessionUserInfoProvider(RefreshTokenService sessions, UserService users) {
		this.sessions = sessions;
		this.users = users;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OidcUserInfoAuthenticationToken request = (OidcUserInfoAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof JwtAuthenticationToken accessToken)
				|| !accessToken.isAuthenticated()) {
			throw invalidToken("An access token is required");
		}
		Jwt jwt = accessToken.getToken();
		List<String> scopes = scopes(jwt);
		if (!scopes.contains(OidcScopes.OPENID)) {
			throw invalidToken("The access token was not issued for scope openid");
		}
		if (!this.sessions.isLive(jwt.getClaimAsString("sid"))) {
			throw invalidToken("The session of the access token has ended");
		}
		UserAccount user = this.users.find(jwt.getSubject())
			.filter(UserAccount::enabled)
			.orElseThrow(() -> invalidToken("The account is disabled"));
		OidcUserInfo.Builder userInfo = OidcUserInfo.builder().subject(user.id());
		if (scopes.contains(OidcScopes.EMAIL)) {
			userInfo.email(user.email());
		}
		if (scopes.contains(ROLES_SCOPE)) {
			userInfo.claim(ROLES_SCOPE, user.roleList());
		}
		return new OidcUserInfoAuthenticationToken(accessToken, userInfo.build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OidcUserInfoAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static List<String> scopes(Jwt jwt) {
		String scope = jwt.getClaimAsString("scope");
		return (scope == null || scope.isBlank()) ? List.of() : List.of(scope.trim().split("\\s+"));
	}

	private static OAuth2AuthenticationException invalidToken(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
