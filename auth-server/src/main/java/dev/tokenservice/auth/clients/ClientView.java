package dev.tokenservice.auth.clients;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A client as the admin API and the command line show it: never its secret nor the secret's hash.
 *
 * @param accessTokenTimeToLive ISO-8601 duration
 * @param bootstrap whether {@code app.clients[i]} configures it (the next start writes that configuration again)
 * @param previousSecretExpiresAt until when the previous secret of a rotation still works, if it does
 */
public record ClientView(String clientId, List<String> grantTypes, List<String> scopes, List<String> audiences,
		List<String> authenticationMethods, List<String> redirectUris, String accessTokenTimeToLive,
		Map<String, Object> jwks, String jwksUri, List<String> tokenExchangeAudiences, boolean disabled,
		boolean bootstrap, Instant createdAt, Instant previousSecretExpiresAt) {

}
