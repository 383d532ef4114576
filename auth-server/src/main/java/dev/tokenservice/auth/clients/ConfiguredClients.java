package dev.tokenservice.auth.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Writes the configured clients into the database at startup, idempotently: a client is created, or
 * updated to match configuration; its secret hash is replaced only when the configured secret no
 * longer matches it. Clients removed from configuration stay in the database (an operator removes
 * them deliberately). Runs before the server takes traffic. These are the bootstrap clients: a change
 * made to one at runtime (admin API, {@code clients} command line) lasts until the next start, which
 * writes the configuration again, except that a disabled client stays disabled; a deleted one is
 * created again (docs/clients.md).
 */
public class ConfiguredClients implements InitializingBean {

	/** The client setting that holds a client's audiences, comma-separated. */
	public static final String AUDIENCES_SETTING = "settings.client.audiences";

	/**
	 * The client setting that holds the audiences a client may ask for in a token exchange (RFC 8693),
	 * comma-separated; none means it may exchange for no audience.
	 */
	public static final String TOKEN_EXCHANGE_AUDIENCES_SETTING = "settings.client.token-exchange-audiences";

	/**
	 * The client setting that holds the public keys of a {@code private_key_jwt} client, a JWK set JSON string
	 * (a URL goes in SAS's own {@link ClientSettings#getJwkSetUrl()}).
	 */
	public static final String JWKS_SETTING = "settings.client.jwks";

	/** How long an authorization code can be exchanged. */
	public static final Duration AUTHORIZATION_CODE_TIME_TO_LIVE = Duration.ofSeconds(60);

	private static final Logger logger = LoggerFactory.getLogger(ConfiguredClients.class);

	private final RegisteredClientRepository repository;

	private final ClientsProperties properties;

	private final PasswordEncoder secrets;

	private final Duration defaultAccessTokenTimeToLive;

	public ConfiguredClients(RegisteredClientRepository repository, ClientsProperties properties,
			PasswordEncoder secrets, Duration defaultAccessTokenTimeToLive) {
		this.repository = repository;
		this.properties = properties;
		this.secrets = secrets;
		this.defaultAccessTokenTimeToLive = defaultAccessTokenTimeToLive;
	}

	/**
	 * The {@code aud} of a client's access tokens: its configured audiences, or the client itself when it
	 * has none. An ArrayList: SAS stores claims with Jackson, whose allow-list refuses the JDK's immutable
	 * lists.
	 */
	public static List<String> audiences(RegisteredClient client) {
		List<String> audiences = list(client, AUDIENCES_SETTING);
		return audiences.isEmpty() ? new ArrayList<>(List.of(client.getClientId())) : audiences;
	}

	/** The audiences a client may ask for in a token exchange: none unless configured. */
	public static List<String> tokenExchangeAudiences(RegisteredClient client) {
		return list(client, TOKEN_EXCHANGE_AUDIENCES_SETTING);
	}

	private static List<String> list(RegisteredClient client, String setting) {
		Object value = client.getClientSettings().getSetting(setting);
		if (!(value instanceof String text) || text.isBlank()) {
			return new ArrayList<>();
		}
		return Arrays.stream(text.split(","))
			.map(String::trim)
			.filter((item) -> !item.isEmpty())
			.collect(Collectors.toCollection(ArrayList::new));
	}

	@Override
	public void afterPropertiesSet() {
		for (ClientsProperties.Client client : this.properties.clients()) {
			try {
				register(client);
			}
			catch (DuplicateKeyException ex) {
				// another node inserted it at the same moment: now it exists, so this is an update
				register(client);
			}
		}
	}

	private void register(ClientsProperties.Client client) {
		// a client an admin disabled stays disabled (runtime changes of anything else are overwritten)
		RegisteredClient existing = (this.repository instanceof CachingRegisteredClientRepository caching)
				? caching.findAnyByClientId(client.clientId()) : this.repository.findByClientId(client.clientId());
		String secretHash = null;
		if (!client.isPublic() && client.clientSecret() != null) {
			secretHash = (existing != null && existing.getClientSecret() != null
					&& this.secrets.matches(client.clientSecret(), existing.getClientSecret()))
							? existing.getClientSecret() : this.secrets.encode(client.clientSecret());
		}
		RegisteredClient.Builder builder = registration(client,
				(existing != null) ? existing.getId() : UUID.randomUUID().toString(), secretHash,
				existing != null && CachingRegisteredClientRepository.isDisabled(existing),
				this.defaultAccessTokenTimeToLive);
		if (existing != null) {
			builder.clientIdIssuedAt(existing.getClientIdIssuedAt());
		}
		this.repository.save(builder.build());
		logger.info("{} client {}", (existing != null) ? "Updated" : "Registered", client.clientId());
	}

	/**
	 * A client's registration as this server makes it, from configuration or the admin API: PKCE for
	 * every client, self-contained RS256 access tokens, 60-second codes.
	 */
	public static RegisteredClient.Builder registration(ClientsProperties.Client client, String id, String secretHash,
			boolean disabled, Duration defaultAccessTokenTimeToLive) {
		RegisteredClient.Builder builder = RegisteredClient.withId(id)
			.clientId(client.clientId())
			.clientName(client.clientId())
			.clientSecret(secretHash)
			.clientSettings(clientSettings(client, disabled))
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				// codes are single-use and short-lived (RFC 6749 §4.1.2); SAS's default is 5 minutes
				.authorizationCodeTimeToLive(AUTHORIZATION_CODE_TIME_TO_LIVE)
				.idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
				.accessTokenTimeToLive((client.accessTokenTimeToLive() != null) ? client.accessTokenTimeToLive()
						: defaultAccessTokenTimeToLive)
				.build());
		client.scopes().forEach(builder::scope);
		client.grantTypes().forEach((grant) -> builder.authorizationGrantType(new AuthorizationGrantType(grant)));
		client.redirectUris().forEach(builder::redirectUri);
		client.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
		client.authenticationMethods()
			.forEach((method) -> builder.clientAuthenticationMethod(new ClientAuthenticationMethod(method)));
		return builder;
	}

	private static ClientSettings clientSettings(ClientsProperties.Client client, boolean disabled) {
		ClientSettings.Builder settings = ClientSettings.builder()
			// PKCE S256 for every client, confidential ones too (RFC 9700 §2.1.1)
			.requireProofKey(true)
			.requireAuthorizationConsent(client.requireConsent())
			.setting(AUDIENCES_SETTING, String.join(",", client.audiences()))
			.setting(TOKEN_EXCHANGE_AUDIENCES_SETTING, String.join(",", client.tokenExchangeAudiences()))
			.setting(CachingRegisteredClientRepository.DISABLED_SETTING, disabled);
		if (client.authenticationMethods().contains(ClientKeys.PRIVATE_KEY_JWT)) {
			// SAS reads a signature algorithm here as "private_key_jwt, not client_secret_jwt"; the assertion
			// itself may use any algorithm of ClientKeys.ALGORITHMS
			settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
			if (client.jwks() != null) {
				settings.setting(JWKS_SETTING, client.jwks());
			}
			else {
				settings.jwkSetUrl(client.jwksUri());
			}
		}
		return settings.build();
	}

}
