package dev.tokenservice.auth.session;

import java.util.Collection;

import dev.tokenservice.auth.clients.ConfiguredClients;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * SAS's token generator for this issuer. In a code exchange the access token is a user's access token
 * like the first-party ones ({@link UserTokens}: {@code sid} = the authorization id) and the refresh
 * token starts a family bound to the client, for public clients too (SAS's own generator gives public
 * clients none). Everything else (client-credentials access tokens, ID tokens) is the delegate's: SAS's
 * JwtGenerator with this issuer's customizer.
 */
public class UserGrantTokenGenerator implements OAuth2TokenGenerator<OAuth2Token> {

	private static final Logger logger = LoggerFactory.getLogger(UserGrantTokenGenerator.class);

	private final OAuth2TokenGenerator<? extends OAuth2Token> delegate;

	private final UserTokens tokens;

	private final RefreshTokenService sessions;

	private final UserService users;

	public UserGrantTokenGenerator(OAuth2TokenGenerator<? extends OAuth2Token> delegate, UserTokens tokens,
			RefreshTokenService sessions, UserService users) {
		this.delegate = delegate;
		this.tokens = tokens;
		this.sessions = sessions;
		this.users = users;
	}

	@Override
	public OAuth2Token generate(OAuth2TokenContext context) {
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
			return this.delegate.generate(context);
		}
		OAuth2Authorization authorization = context.getAuthorization();
		RegisteredClient client = context.getRegisteredClient();
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return this.tokens.accessToken(user(context), authorization.getId(), grant(client, context));
		}
		if (OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
			return this.sessions.startClientSession(user(context), authorization.getId(), client.getClientId(),
					context.getAuthorizedScopes());
		}
		return this.delegate.generate(context);
	}

	/** The access-token settings of a client for the given scopes. */
	public static UserGrant grant(RegisteredClient client, Collection<String> scopes) {
		return UserGrant.of(client.getClientId(), ConfiguredClients.audiences(client), scopes,
				client.getTokenSettings().getAccessTokenTimeToLive());
	}

	private static UserGrant grant(RegisteredClient client, OAuth2TokenContext context) {
		return grant(client, context.getAuthorizedScopes());
	}

	/** The signed-in user (the principal's name is the user id), who must still be enabled. */
	private UserAccount user(OAuth2TokenContext context) {
		String userId = context.getPrincipal().getName();
		return this.users.find(userId).filter(UserAccount::enabled).orElseThrow(() -> {
			logger.info("Code exchange refused: user {} is disabled or gone", userId);
			return new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The account is disabled", null));
		});
	}

}
