package dev.tokenservice.auth.browser;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenservice.auth.session.RefreshTokenService;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * OpenID Connect RP-initiated logout ({@code /connect/logout}), after SAS has checked the
 * {@code id_token_hint} (and, for a signed-in browser, that it names the same user): the browser's
 * login session ends (row deleted, cookie cleared), and so does the refresh family named by the ID
 * token's {@code sid}, the session of the app that asked. SAS then redirects to the registered
 * {@code post_logout_redirect_uri}.
 */
@Component
public class RpInitiatedLogout implements LogoutHandler {

	private final BrowserSessions browserSessions;

	private final RefreshTokenService refreshTokens;

	RpInitiatedLogout(BrowserSessions browserSessions, RefreshTokenService refreshTokens) {
		this.browserSessions = browserSessions;
		this.refreshTokens = refreshTokens;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		if (!(authentication instanceof OidcLogoutAuthenticationToken logout)) {
			return;
		}
		this.browserSessions.logout(request, response, authentication);
		String sid = logout.getIdToken().getClaimAsString("sid");
		if (StringUtils.hasText(sid)) {
			this.refreshTokens.revokeFamily(sid, RefreshTokenService.LOGOUT);
		}
	}

}
