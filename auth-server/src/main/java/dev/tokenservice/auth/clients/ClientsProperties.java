package dev.tokenservice.auth.clients;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registered clients bootstrapped from configuration ({@code app.clients[i].*}, so that
 * {@code APP_CLIENTS_0_CLIENTID} works, and {@code app.client-cache-ttl}).
 * <p>
 * The only record bound to the bare {@code app} prefix, and on purpose: operators, docker-compose and the
 * tests set the indexed list bindings ({@code APP_CLIENTS_0_CLIENTID}...), and Spring Boot cannot rename
 * indexed list entries for them. Every other setting has a prefix of its own under {@code app}.
 *
 * @param clients the registered clients: backend services, web apps, single-page and mobile apps
 * @param clientCacheTtl how long a node keeps a registered client it read from the database before
 * reading it again: a client changed by another node (restarted with new configuration) counts here
 * after at most this long; 0 turns the cache off
 */
@Validated
@ConfigurationProperties("app")
public record ClientsProperties(@DefaultValue List<@Valid Client> clients,
		@DefaultValue("10s") Duration clientCacheTtl) {

	/**
	 * The origins ({@code scheme://host[:port]}) of the public clients' web redirect URIs: the browser
	 * apps that call the token endpoint cross-origin.
	 */
	public List<String> publicClientOrigins() {
		return this.clients.stream()
			.filter(Client::isPublic)
			.flatMap((client) -> client.redirectUris().stream())
			.map(URI::create)
			.filter((uri) -> uri.getHost() != null && uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http"))
			.map((uri) -> uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
					+ ((uri.getPort() != -1) ? ":" + uri.getPort() : ""))
			.distinct()
			.toList();
	}

	/** The authentication method of public clients (no secret: single-page and mobile apps). */
	public static final String PUBLIC = "none";

	/** RFC 8693's grant type: a token for another service on behalf of the user of a subject token. */
	public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	/**
	 * One client. The combinations that cannot work are refused when the settings are bound, so a node
	 * with a wrong client does not start ({@link InvalidClientSettingsException}).
	 *
	 * @param clientId the public client identifier
	 * @param clientSecret given in clear here, stored hashed; at least 16 characters because machine
	 * secrets are hashed with a fast digest, which is only safe for high-entropy secrets; required unless
	 * the client is public ({@code none}) or uses {@code private_key_jwt}, which must have none
	 * @param scopes scopes the client may ask for ({@code openid}, {@code email}, {@code roles} for sign-in)
	 * @param audiences values of {@code aud} in its access tokens (resource servers it may call)
	 * @param grantTypes {@code client_credentials} (backend services), {@code authorization_code} and
	 * {@code refresh_token} (apps that sign users in), {@link #TOKEN_EXCHANGE} (a confidential service that
	 * calls another on a user's behalf, RFC 8693)
	 * @param authenticationMethods {@code client_secret_basic} and/or {@code client_secret_post}, or
	 * {@code none} alone for a public client, or {@code private_key_jwt} alone for a client that signs a JWT
	 * assertion with its private key (RFC 7523)
	 * @param accessTokenTimeToLive lifetime of its access tokens; empty means {@code app.tokens}' default
	 * @param redirectUris absolute URIs without fragment the authorization endpoint may redirect to, matched
	 * exactly; required for {@code authorization_code}
	 * @param postLogoutRedirectUris absolute URIs without fragment allowed after RP-initiated logout
	 * @param requireConsent whether users are asked to consent to the scopes (third-party apps); first-party
	 * apps leave it off
	 * @param jwksUri for {@code private_key_jwt}: the URL where the client publishes its public keys (a JWK
	 * set); exactly one of this and {@code jwks}
	 * @param jwks for {@code private_key_jwt}: the client's public keys, a JWK set JSON string of RSA or EC
	 * public keys (private parameters are refused); exactly one of this and {@code jwksUri}
	 * @param tokenExchangeAudiences the audiences (target services) the client may ask for in a token
	 * exchange; any other is {@code invalid_target}. Only with grant type {@link #TOKEN_EXCHANGE}
	 */
	public record Client(@NotBlank String clientId, @Size(min = 16) String clientSecret,
			@DefaultValue List<String> scopes, @NotEmpty List<String> audiences,
			@DefaultValue("client_credentials") List<@Pattern(
					regexp = "client_credentials|authorization_code|refresh_token|" + TOKEN_EXCHANGE) String> grantTypes,
			@DefaultValue("client_secret_basic") List<@Pattern(
					regexp = "client_secret_basic|client_secret_post|none|private_key_jwt") String> authenticationMethods,
			Duration accessTokenTimeToLive, @DefaultValue List<String> redirectUris,
			@DefaultValue List<String> postLogoutRedirectUris, @DefaultValue("false") boolean requireConsent,
			String jwksUri, String jwks, @DefaultValue List<@NotBlank String> tokenExchangeAudiences) {

		public Client {
			String name = "Client '" + clientId + "': ";
			boolean isPublic = authenticationMethods.contains(PUBLIC);
			if (isPublic && authenticationMethods.size() > 1) {
				refuse(name + "authentication method 'none' (public client) cannot be combined with a secret method");
			}
			if (isPublic && clientSecret != null) {
				refuse(name + "a public client (authentication method 'none') must have no client-secret");
			}
			boolean keyBased = authenticationMethods.contains(ClientKeys.PRIVATE_KEY_JWT);
			if (keyBased) {
				checkKeys(name, authenticationMethods, clientSecret, jwksUri, jwks);
			}
			else if (jwksUri != null || jwks != null) {
				refuse(name + "jwks and jwks-uri are only for the authentication method 'private_key_jwt'");
			}
			// methods outside the allowed set are refused by their @Pattern, after this
			boolean usesSecret = authenticationMethods.stream().anyMatch((method) -> method.startsWith("client_secret_"));
			if (usesSecret && (clientSecret == null || clientSecret.isBlank())) {
				refuse(name + "client-secret is required unless the authentication method is 'none' (public client)"
						+ " or 'private_key_jwt'");
			}
			if (isPublic && grantTypes.contains("client_credentials")) {
				refuse(name + "a public client (authentication method 'none') cannot have grant type client_credentials");
			}
			if (isPublic && redirectUris.isEmpty()) {
				refuse(name + "a public client (authentication method 'none') needs at least one redirect-uri");
			}
			if (grantTypes.contains("authorization_code") && redirectUris.isEmpty()) {
				refuse(name + "grant type authorization_code needs at least one redirect-uri");
			}
			if (isPublic && grantTypes.contains(TOKEN_EXCHANGE)) {
				refuse(name + "a public client (authentication method 'none') cannot have grant type " + TOKEN_EXCHANGE);
			}
			if (!tokenExchangeAudiences.isEmpty() && !grantTypes.contains(TOKEN_EXCHANGE)) {
				refuse(name + "token-exchange-audiences needs grant type " + TOKEN_EXCHANGE);
			}
			if (grantTypes.contains(TOKEN_EXCHANGE) && tokenExchangeAudiences.isEmpty()) {
				refuse(name + "grant type " + TOKEN_EXCHANGE + " needs at least one token-exchange-audience");
			}
			redirectUris.forEach((uri) -> checkRedirectUri(name + "redirect-uri", uri));
			postLogoutRedirectUris.forEach((uri) -> checkRedirectUri(name + "post-logout-redirect-uri", uri));
		}

		// RFC 7523 / OIDC Core §9: public keys only, from one place, and no shared secret at all
		private static void checkKeys(String name, List<String> methods, String secret, String jwksUri,
				String jwks) {
			if (methods.size() > 1) {
				refuse(name + "authentication method 'private_key_jwt' cannot be combined with another method");
			}
			if (secret != null) {
				refuse(name + "a 'private_key_jwt' client must have no client-secret");
			}
			if ((jwksUri == null) == (jwks == null)) {
				refuse(name + "a 'private_key_jwt' client needs exactly one of jwks and jwks-uri");
			}
			try {
				if (jwks != null) {
					ClientKeys.publicKeys(jwks);
				}
				else {
					ClientKeys.jwksUri(jwksUri);
				}
			}
			catch (IllegalArgumentException ex) {
				refuse(name + ex.getMessage());
			}
		}

		/** Whether the client authenticates with no secret (method {@code none}). */
		public boolean isPublic() {
			return this.authenticationMethods.contains(PUBLIC);
		}

		// RFC 6749 §3.1.2: absolute, no fragment
		private static void checkRedirectUri(String what, String value) {
			URI uri;
			try {
				uri = new URI(value);
			}
			catch (URISyntaxException ex) {
				refuse(what + " '" + value + "' is not a valid URI");
				return;
			}
			// private-use schemes of native apps (RFC 8252 §7.1) have no host; web URIs must have one
			boolean web = uri.isAbsolute() && uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http");
			if (!uri.isAbsolute() || (web && uri.getHost() == null)) {
				refuse(what + " '" + value + "' must be an absolute URI");
			}
			if (uri.getRawFragment() != null || value.contains("#")) {
				refuse(what + " '" + value + "' must not have a fragment");
			}
		}

		private static void refuse(String message) {
			throw new InvalidClientSettingsException(message);
		}

		@Override
		public String toString() {
			return "Client[clientId=" + this.clientId + ", clientSecret=(hidden), scopes=" + this.scopes
					+ ", audiences=" + this.audiences + ", grantTypes=" + this.grantTypes + ", tokenExchangeAudiences="
					+ this.tokenExchangeAudiences + "]";
		}

	}

}
