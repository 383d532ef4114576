package dev.tokenservice.auth.clients;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A client as the admin API and {@code clients create --json} take it. What a client may be is checked as
 * for {@code app.clients[i]} ({@link ClientsProperties.Client}); these annotations add only what
 * configuration does not need to check. Empty lists take the defaults of {@code app.clients[i]}.
 *
 * @param clientId required on create; on update, absent or the one in the path
 * @param grantTypes default {@code client_credentials}
 * @param scopes scope tokens (RFC 6749 §3.3)
 * @param audiences required: the {@code aud} of its access tokens
 * @param authenticationMethods default {@code client_secret_basic}
 * @param redirectUris absolute, without fragment
 * @param accessTokenTimeToLive ISO-8601 duration; absent means {@code app.tokens}' default
 * @param jwks a JWK set (public keys) for {@code private_key_jwt}
 * @param jwksUri an https URL of the client's JWK set for {@code private_key_jwt}
 * @param tokenExchangeAudiences the audiences it may exchange a user's token for (RFC 8693)
 */
public record ClientRequest(
		@Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._~-]+",
				message = "letters, digits, '.', '_', '~' and '-' only") String clientId,
		@Size(max = 10) List<String> grantTypes,
		@Size(max = 50) List<@Size(max = 100) @Pattern(regexp = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+") String> scopes,
		@Size(max = 50) List<@Size(min = 1, max = 200) String> audiences,
		@Size(max = 5) List<String> authenticationMethods,
		@Size(max = 20) List<@Size(max = 500) String> redirectUris, Duration accessTokenTimeToLive,
		Map<String, Object> jwks, @Size(max = 500) @Pattern(regexp = "https://.+") String jwksUri,
		@Size(max = 50) List<@Size(min = 1, max = 200) String> tokenExchangeAudiences) {

	public ClientRequest {
		grantTypes = orDefault(grantTypes, List.of("client_credentials"));
		scopes = orDefault(scopes, List.of());
		audiences = orDefault(audiences, List.of());
		authenticationMethods = orDefault(authenticationMethods, List.of("client_secret_basic"));
		redirectUris = orDefault(redirectUris, List.of());
		tokenExchangeAudiences = orDefault(tokenExchangeAudiences, List.of());
	}

	private static List<String> orDefault(List<String> values, List<String> fallback) {
		return (values == null || values.isEmpty()) ? fallback : values;
	}

	/** Whether the client authenticates with a secret ({@code client_secret_basic} or {@code _post}). */
	public boolean usesSecret() {
		return this.authenticationMethods.stream().anyMatch((method) -> method.startsWith("client_secret_"));
	}

}
