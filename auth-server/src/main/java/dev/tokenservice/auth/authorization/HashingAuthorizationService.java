package dev.tokenservice.auth.authorization;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.JWSObject;
import dev.tokenservice.auth.issuer.TokenHashes;
import dev.tokenservice.auth.keys.KeyRingService;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's JDBC store, but every token value (codes, access, refresh, ID, user
 * and device codes) is replaced by its SHA-256 before it reaches the database, so a copy of the
 * database yields no usable token. Look-ups hash the presented value; the token found is handed back
 * with the presented value, so SAS's own checks work unchanged. A JWT whose signing key the ring no
 * longer honours (revoked) is not found: introspection calls it inactive. Client-credentials grants
 * are not stored at all ({@link StatelessAccessTokens}).
 */
public class HashingAuthorizationService extends JdbcOAuth2AuthorizationService {

	private static final List<Class<? extends OAuth2Token>> TOKEN_TYPES = List.of(OAuth2AuthorizationCode.class,
			OAuth2AccessToken.class, OAuth2RefreshToken.class, OidcIdToken.class, OAuth2UserCode.class,
			OAuth2DeviceCode.class);

	private final KeyRingService keyRing;

	private final StatelessAccessTokens statelessTokens;

	public HashingAuthorizationService(JdbcOperations jdbcOperations,
			RegisteredClientRepository registeredClientRepository, KeyRingService keyRing,
			StatelessAccessTokens statelessTokens) {
		super(jdbcOperations, registeredClientRepository);
		this.keyRing = keyRing;
		this.statelessTokens = statelessTokens;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (StatelessAccessTokens.isRebuilt(authorization)) {
			this.statelessTokens.save(authorization);
			return;
		}
		if (StatelessAccessTokens.needsNoRow(authorization)) {
			return;
		}
		super.save(withHashedState(
				withTokenValues(authorization, (value) -> TokenHashes.isHash(value) ? value : TokenHashes.hash(value))));
	}

	/**
	 * The {@code state} of an authorization waiting for consent is looked up like a token (the consent
	 * form posts it back), so it is stored as a hash too, in its column and in the attributes.
	 */
	private static OAuth2Authorization withHashedState(OAuth2Authorization authorization) {
		String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
		if (state == null || TokenHashes.isHash(state)) {
			return authorization;
		}
		return OAuth2Authorization.from(authorization).attribute(OAuth2ParameterNames.STATE, TokenHashes.hash(state)).build();
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		String hash = TokenHashes.hash(token);
		OAuth2Authorization stored = super.findByToken(hash, tokenType);
		if (stored == null) {
			return (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType))
					? this.statelessTokens.find(token) : null;
		}
		if (signedByDistrustedKey(token)) {
			return null;
		}
		return withTokenValues(stored, (value) -> value.equals(hash) ? token : value);
	}

	private boolean signedByDistrustedKey(String token) {
		try {
			return !this.keyRing.current().verifies(JWSObject.parse(token).getHeader().getKeyID());
		}
		catch (ParseException ex) {
			// not a JWS (an opaque code): no key to check
			return false;
		}
	}

	/** A copy of {@code authorization} whose token values went through {@code change}. */
	private static OAuth2Authorization withTokenValues(OAuth2Authorization authorization,
			Function<String, String> change) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
		for (Class<? extends OAuth2Token> type : TOKEN_TYPES) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
			if (token == null) {
				continue;
			}
			builder.token(copyWithValue(token.getToken(), change.apply(token.getToken().getTokenValue())),
					(metadata) -> replaceMetadata(metadata, token.getMetadata()));
		}
		return builder.build();
	}

	private static void replaceMetadata(Map<String, Object> target, Map<String, Object> source) {
		target.clear();
		target.putAll(source);
	}

	private static OAuth2Token copyWithValue(OAuth2Token token, String value) {
		if (token instanceof OAuth2AccessToken accessToken) {
			return new OAuth2AccessToken(accessToken.getTokenType(), value, accessToken.getIssuedAt(),
					accessToken.getExpiresAt(), accessToken.getScopes());
		}
		if (token instanceof OAuth2RefreshToken) {
			return new OAuth2RefreshToken(value, token.getIssuedAt(), token.getExpiresAt());
		}
		if (token instanceof OidcIdToken idToken) {
			return new OidcIdToken(value, idToken.getIssuedAt(), idToken.getExpiresAt(), idToken.getClaims());
		}
		if (token instanceof OAuth2AuthorizationCode) {
			return new OAuth2AuthorizationCode(value, token.getIssuedAt(), token.getExpiresAt());
		}
		if (token instanceof OAuth2UserCode) {
			return new OAuth2UserCode(value, token.getIssuedAt(), token.getExpiresAt());
		}
		if (token instanceof OAuth2DeviceCode) {
			return new OAuth2DeviceCode(value, token.getIssuedAt(), token.getExpiresAt());
		}
		throw new IllegalArgumentException("Unsupported token type " + token.getClass().getName());
	}

}
