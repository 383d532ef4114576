package dev.tokenservice.auth.exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tokenservice.auth.clients.ConfiguredClients;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.session.UserGrant;
import dev.tokenservice.auth.session.UserTokens;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * RFC 8693 token exchange at the token endpoint: a confidential client (service A) presents a user's
 * access token of this issuer as {@code subject_token} and one {@code audience} (service B) from its
 * {@code tokenExchangeAudiences}, and gets a user access token for B only: {@code sub} the user,
 * {@code act: {"sub": A}} (nested over the subject token's own {@code act}), scopes the subject token's
 * and A's in common (narrowed by {@code scope}), expiring no later than the subject token nor after A's
 * access-token lifetime. No refresh token.
 * <p>
 * Not SAS's {@code OAuth2TokenExchangeAuthenticationProvider}: it finds the subject token in the
 * {@code OAuth2AuthorizationService}, where most user access tokens of this issuer have no row (the
 * first-party login and every refresh mint them without one; {@code StatelessAccessTokens} rebuilds
 * client-credentials tokens only), so it would refuse them; it names an actor only from an
 * {@code actor_token} and the subject's {@code may_act}; and its token would go through SAS's JwtGenerator
 * and our customizer, whose {@code aud} is the client's own audiences. Here the subject token is verified
 * with the issuer's own access-token decoder (RS256, {@code typ at+jwt}, issuer, lifetime, a key the ring
 * still publishes), its session must be live and its user enabled, and the new token is minted by
 * {@link UserTokens} like every other user access token.
 */
public final class TokenExchangeProvider implements AuthenticationProvider {

	/** RFC 8693 §3: the only subject and issued token type: an access token of this issuer. */
	public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	static final String INVALID_TARGET = "invalid_target";

	private static final Logger logger = LoggerFactory.getLogger(TokenExchangeProvider.class);

	private final JwtDecoder accessTokens;

	private final OAuth2AuthorizationService authorizations;

	private final RefreshTokenService sessions;

	private final UserService users;

	private final UserTokens tokens;

	private final Clock clock;

	public TokenExchangeProvider(JwtDecoder accessTokens, OAuth2AuthorizationService authorizations,
			RefreshTokenService sessions, UserService users, UserTokens tokens, Clock clock) {
		this.accessTokens = accessTokens;
		this.authorizations = authorizations;
		this.sessions = sessions;
		this.users = users;
		this.tokens = tokens;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenExchangeAuthenticationToken request = (OAuth2TokenExchangeAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken clientPrincipal = authenticatedClient(request);
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE)) {
			throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client may not use token exchange");
		}
		checkTokenTypes(request);
		String audience = target(request, client);
		Jwt subject = subject(request.getSubjectToken());
		UserAccount user = this.users.find(subject.getSubject())
			.filter(UserAccount::enabled)
			.orElseThrow(() -> invalidRequest("The user of the subject token is disabled or gone"));
		Set<String> scopes = scopes(request, subject, client);
		Map<String, Object> actor = new LinkedHashMap<>();
		actor.put("sub", client.getClientId());
		if (subject.getClaims().get("act") instanceof Map<?, ?> previousActor) {
			// RFC 8693 §4.1: the current actor on top, the earlier chain nested inside
			actor.put("act", previousActor);
		}
		UserGrant grant = UserGrant.of(client.getClientId(), List.of(audience), scopes,
				client.getTokenSettings().getAccessTokenTimeToLive());
		Jwt issued = this.tokens.accessToken(user, subject.getClaimAsString("sid"), grant, subject.getExpiresAt(),
				Map.of("act", actor));
		logger.info("Token exchange: client {} acts for user {} towards {}", client.getClientId(), user.id(),
				audience);
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				issued.getTokenValue(), issued.getIssuedAt(), issued.getExpiresAt(), scopes);
		return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, accessToken, null,
				Map.of("issued_token_type", ACCESS_TOKEN_TYPE));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenExchangeAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static OAuth2ClientAuthenticationToken authenticatedClient(Authentication request) {
		if (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
				&& client.getRegisteredClient() != null) {
			return client;
		}
		throw error(OAuth2ErrorCodes.INVALID_CLIENT, null);
	}

	/** Access tokens in, access tokens out; the actor is the authenticated client, never an actor_token. */
	private static void checkTokenTypes(OAuth2TokenExchangeAuthenticationToken request) {
		if (!ACCESS_TOKEN_TYPE.equals(request.getSubjectTokenType())) {
			throw invalidRequest("subject_token_type must be " + ACCESS_TOKEN_TYPE);
		}
		if (request.getRequestedTokenType() != null && !ACCESS_TOKEN_TYPE.equals(request.getRequestedTokenType())) {
			throw invalidRequest("requested_token_type must be " + ACCESS_TOKEN_TYPE);
		}
		if (request.getActorToken() != null) {
			throw invalidRequest("actor_token is not accepted: the actor is the authenticated client");
		}
	}

	/** Exactly one audience, one the client's policy allows; resource indicators are not offered. */
	private static String target(OAuth2TokenExchangeAuthenticationToken request, RegisteredClient client) {
		if (!request.getResources().isEmpty()) {
			throw error(INVALID_TARGET, "resource is not supported: name the target service in audience");
		}
		Set<String> audiences = request.getAudiences();
		if (audiences.isEmpty()) {
			throw invalidRequest("audience is required");
		}
		if (audiences.size() > 1) {
			throw error(INVALID_TARGET, "Exactly one audience per exchange");
		}
		String audience = audiences.iterator().next();
		if (!ConfiguredClients.tokenExchangeAudiences(client).contains(audience)) {
			logger.info("Token exchange refused: client {} may not exchange for audience {}", client.getClientId(),
					audience);
			throw error(INVALID_TARGET, "The client may not exchange tokens for this audience");
		}
		return audience;
	}

	/**
	 * A user's access token of this issuer, still valid: signature by a published key, {@code typ at+jwt}
	 * (not a refresh or ID token), issuer, not expired, not revoked, its session live. RFC 8693 §2.2.2: any
	 * of these failing is {@code invalid_request}.
	 */
	private Jwt subject(String token) {
		Jwt jwt;
		try {
			jwt = this.accessTokens.decode(token);
		}
		catch (JwtException ex) {
			logger.info("Token exchange refused: the subject token is not a valid access token of this issuer");
			throw invalidRequest("The subject token is not a valid access token of this issuer");
		}
		Instant now = this.clock.instant();
		if (jwt.getExpiresAt() == null || !jwt.getExpiresAt().isAfter(now)) {
			throw invalidRequest("The subject token has expired");
		}
		String sid = jwt.getClaimAsString("sid");
		if (sid == null || jwt.getSubject() == null) {
			throw invalidRequest("The subject token is not a user's access token");
		}
		if (!this.sessions.isLive(sid)) {
			throw invalidRequest("The session of the subject token has ended");
		}
		// a code-flow access token revoked at the revocation endpoint is marked invalidated in its row
		OAuth2Authorization stored = this.authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
		if (stored != null && stored.getAccessToken() != null && stored.getAccessToken().isInvalidated()) {
			throw invalidRequest("The subject token has been revoked");
		}
		return jwt;
	}

	/** The subject token's scopes that the client has too; a requested scope must be among them. */
	private static Set<String> scopes(OAuth2TokenExchangeAuthenticationToken request, Jwt subject,
			RegisteredClient client) {
		Set<String> allowed = new HashSet<>(scopeList(subject));
		allowed.retainAll(client.getScopes());
		if (request.getScopes().isEmpty()) {
			return allowed;
		}
		if (!allowed.containsAll(request.getScopes())) {
			throw error(OAuth2ErrorCodes.INVALID_SCOPE,
					"A requested scope is not both the subject token's and the client's");
		}
		return new HashSet<>(request.getScopes());
	}

	private static List<String> scopeList(Jwt jwt) {
		String scope = jwt.getClaimAsString("scope");
		return (scope == null || scope.isBlank()) ? List.of() : List.of(scope.trim().split("\\s+"));
	}

	private static OAuth2AuthenticationException invalidRequest(String description) {
		return error(OAuth2ErrorCodes.INVALID_REQUEST, description);
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

}
