package dev.tokenservice.auth.authorization;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tokenservice.auth.issuer.ExpiredRows;
import dev.tokenservice.auth.issuer.TokenHashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Client-credentials grants without a row: the access token is a signed JWT that says everything SAS
 * would have stored (client, scopes, lifetime), so issuing one writes nothing. Introspection and
 * revocation get the authorization rebuilt from the verified token; a revocation records the token's
 * hash until its expiry.
 */
public class StatelessAccessTokens implements ExpiredRows {

	private static final Logger logger = LoggerFactory.getLogger(StatelessAccessTokens.class);

	private final JwtDecoder accessTokenDecoder;

	private final RegisteredClientRepository clients;

	private final JdbcClient jdbc;

	public StatelessAccessTokens(JwtDecoder accessTokenDecoder, RegisteredClientRepository clients, JdbcClient jdbc) {
		this.accessTokenDecoder = accessTokenDecoder;
		this.clients = clients;
		this.jdbc = jdbc;
	}

	private static final String REBUILT_ID_PREFIX = "stateless:";

	/** A new client-credentials grant: its token carries all there is to know. */
	static boolean needsNoRow(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> token = authorization.getAccessToken();
		return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())
				&& token != null && !token.isInvalidated() && authorization.getRefreshToken() == null;
	}

	/** An authorization {@link #find} rebuilt from a token, coming back to be saved (revoked). */
	static boolean isRebuilt(OAuth2Authorization authorization) {
		return authorization.getId().startsWith(REBUILT_ID_PREFIX);
	}

	/** A rebuilt authorization saved: nothing, unless SAS revoked its token. */
	void save(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> token = authorization.getAccessToken();
		if (token == null || !token.isInvalidated() || token.getToken().getExpiresAt() == null) {
			return;
		}
		String hash = TokenHashes.hash(token.getToken().getTokenValue());
		try {
			this.jdbc.sql("""
					insert into revoked_access_token (token_hash, expires_at)
					select ?, ? where not exists (select 1 from revoked_access_token where token_hash = ?)""")
				.params(hash, Timestamp.from(token.getToken().getExpiresAt()), hash)
				.update();
			logger.info("Access token of client {} revoked", authorization.getPrincipalName());
		}
		catch (DuplicateKeyException ex) {
			// revoked twice at once: it is revoked
		}
	}

	/**
	 * The authorization behind a client-credentials access token of this issuer, rebuilt from the token
	 * once it verifies (signature, type, issuer, lifetime); null for anything else.
	 */
	OAuth2Authorization find(String tokenValue) {
		Jwt jwt;
		try {
			jwt = this.accessTokenDecoder.decode(tokenValue);
		}
		catch (JwtException ex) {
			return null;
		}
		String clientId = jwt.getClaimAsString("client_id");
		RegisteredClient client = (clientId != null && clientId.equals(jwt.getSubject()))
				? this.clients.findByClientId(clientId) : null;
		if (client == null || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)) {
			return null;
		}
		Set<String> scopes = new HashSet<>(scopes(jwt));
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue,
				jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
		boolean revoked = isRevoked(tokenValue);
		return OAuth2Authorization.withRegisteredClient(client)
			.id(REBUILT_ID_PREFIX + jwt.getId())
			.principalName(clientId)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizedScopes(scopes)
			.token(accessToken, (metadata) -> {
				metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims());
				metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
			})
			.build();
	}

	/**
	 * Revocations of tokens that have expired meanwhile mean nothing any more, and neither do the
	 * client-credentials rows earlier versions stored for every grant.
	 */
	@Override
	public int purge(Instant at) {
		Timestamp now = Timestamp.from(at);
		int revocations = this.jdbc.sql("delete from revoked_access_token where expires_at < ?").param(now).update();
		int grants = this.jdbc.sql("""
				delete from oauth2_authorization
				where authorization_grant_type = 'client_credentials' and access_token_expires_at < ?""")
			.param(now)
			.update();
		logger.debug("Purged {} expired revocations and {} expired client-credentials grants", revocations, grants);
		return revocations + grants;
	}

	@Override
	public String name() {
		return "revoked-access-token";
	}

	private boolean isRevoked(String tokenValue) {
		return this.jdbc.sql("select count(*) from revoked_access_token where token_hash = ?")
			.param(TokenHashes.hash(tokenValue))
			.query(Integer.class)
			.single() > 0;
	}

	private static List<String> scopes(Jwt jwt) {
		String scope = jwt.getClaimAsString("scope");
		return (scope == null || scope.isBlank()) ? List.of() : List.of(scope.trim().split("\\s+"));
	}

}
