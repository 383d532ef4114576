package dev.tokenservice.auth.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * SAS's authorization store, plus what SAS cannot do alone: when it invalidates the refresh token of an
 * authorization (it does so when a used code is presented again, RFC 6749 §4.1.2), the session that
 * refresh token started ends too, with every token rotated from it. The family's id is the
 * authorization's id.
 */
public class CodeReplayRevokingAuthorizationService implements OAuth2AuthorizationService {

	private static final Logger logger = LoggerFactory.getLogger(CodeReplayRevokingAuthorizationService.class);

	private final OAuth2AuthorizationService delegate;

	private final RefreshTokenService sessions;

	public CodeReplayRevokingAuthorizationService(OAuth2AuthorizationService delegate, RefreshTokenService sessions) {
		this.delegate = delegate;
		this.sessions = sessions;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		this.delegate.save(authorization);
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
		if (refreshToken != null && refreshToken.isInvalidated()) {
			logger.warn("Tokens of authorization {} invalidated (authorization code replayed): its session ends",
					authorization.getId());
			this.sessions.revokeFamily(authorization.getId(), "code-replay");
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.delegate.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return this.delegate.findByToken(token, tokenType);
	}

}
