package dev.tokenservice.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;

import dev.tokenservice.auth.clients.ConfiguredClients;
import dev.tokenservice.auth.issuer.AccessTokenClaims;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes SAS's tokens. Access tokens (client credentials) to the JWT profile for access tokens
 * (RFC 9068): header {@code typ: at+jwt}, a {@code client_id} claim, {@code scope} as one
 * space-separated string, and {@code aud} set to the resource servers the client may call instead of the
 * client itself. ID tokens of a code exchange (SAS adds {@code nonce}, {@code azp}): {@code sid} (the
 * authorization id, which is the refresh family's), {@code auth_time} (when the user signed in),
 * {@code at_hash} (OIDC Core §3.1.3.6) and {@code email} with scope {@code email}.
 */
public class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final UserService users;

	public AccessTokenCustomizer(UserService users) {
		this.users = users;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			customizeAccessToken(context);
		}
		else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
				&& AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
			customizeIdToken(context);
		}
	}

	private static void customizeAccessToken(JwtEncodingContext context) {
		RegisteredClient client = context.getRegisteredClient();
		context.getJwsHeader().type(AccessTokenClaims.ACCESS_TOKEN_TYPE);
		context.getClaims().claims((claims) -> {
			claims.put("client_id", client.getClientId());
			claims.put("aud", ConfiguredClients.audiences(client));
			String scope = AccessTokenClaims.scope(context.getAuthorizedScopes());
			if (scope.isEmpty()) {
				claims.remove("scope");
			}
			else {
				claims.put("scope", scope);
			}
		});
	}

	private void customizeIdToken(JwtEncodingContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		context.getClaims().claim("sid", authorization.getId());
		Instant authTime = authenticationTime(context.getPrincipal().getAuthorities());
		if (authTime != null) {
			context.getClaims().claim("auth_time", Date.from(authTime));
		}
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		if (accessToken != null) {
			context.getClaims().claim("at_hash", leftHalfHash(accessToken.getToken().getTokenValue()));
		}
		if (context.getAuthorizedScopes().contains(OidcScopes.EMAIL)) {
			this.users.find(context.getPrincipal().getName())
				.map(UserAccount::email)
				.ifPresent((email) -> context.getClaims().claim("email", email));
		}
	}

	/** The latest factor the user authenticated with (Spring Security 7 records when). */
	private static Instant authenticationTime(Collection<? extends GrantedAuthority> authorities) {
		Instant latest = null;
		for (GrantedAuthority authority : authorities) {
			if (authority instanceof FactorGrantedAuthority factor && factor.getIssuedAt() != null
					&& (latest == null || factor.getIssuedAt().isAfter(latest))) {
				latest = factor.getIssuedAt();
			}
		}
		return latest;
	}

	/** OIDC Core §3.1.3.6: base64url of the left half of the SHA-256 of the token's ASCII octets (RS256). */
	static String leftHalfHash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
