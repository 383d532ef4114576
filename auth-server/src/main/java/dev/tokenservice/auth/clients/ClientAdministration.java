package dev.tokenservice.auth.clients;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tokenservice.auth.audit.SecurityEvents;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Clients managed at runtime: what the admin API and the {@code clients} command line do. Each change and
 * its audit row commit together. A client is checked as {@code app.clients[i]} is
 * ({@link ClientsProperties.Client}) and registered as configured clients are
 * ({@link ConfiguredClients#registration}). Secrets are generated here (32 random bytes, base64url),
 * answered once and stored as hashes ({@link ClientSecrets}). Other nodes see a change within the client
 * cache's time to live ({@code app.client-cache-ttl}).
 */
public class ClientAdministration {

	/** The longest a previous secret may keep working after a rotation. */
	public static final Duration MAX_PREVIOUS_SECRET_LIFETIME = Duration.ofDays(7);

	/** How long the previous secret works when the rotation does not say. */
	public static final Duration DEFAULT_PREVIOUS_SECRET_LIFETIME = Duration.ofHours(1);

	/** The longest access-token lifetime a runtime client may have. */
	public static final Duration MAX_ACCESS_TOKEN_TIME_TO_LIVE = Duration.ofDays(1);

	private static final int SECRET_BYTES = 32;

	// only its presence is checked by ClientsProperties.Client: the real secret is generated
	private static final String GENERATED_SECRET = "(generated secret, 32 random bytes)";

	private final SecureRandom random = new SecureRandom();

	private final CachingRegisteredClientRepository clients;

	private final PreviousClientSecrets previousSecrets;

	private final PasswordEncoder secrets;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final SecurityEvents events;

	private final Validator validator;

	private final ClientsProperties bootstrap;

	private final Duration defaultAccessTokenTimeToLive;

	private final Clock clock;

	public ClientAdministration(CachingRegisteredClientRepository clients, PreviousClientSecrets previousSecrets,
			PasswordEncoder secrets, JdbcClient jdbc, TransactionOperations transactions, SecurityEvents events,
			Validator validator, ClientsProperties bootstrap, Duration defaultAccessTokenTimeToLive, Clock clock) {
		this.clients = clients;
		this.previousSecrets = previousSecrets;
		this.secrets = secrets;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.validator = validator;
		this.bootstrap = bootstrap;
		this.defaultAccessTokenTimeToLive = defaultAccessTokenTimeToLive;
		this.clock = clock;
	}

	/** The clients by client id, a page at a time. */
	public Page<ClientView> list(Pageable pageable) {
		long total = this.jdbc.sql("select count(*) from oauth2_registered_client").query(Long.class).single();
		List<ClientView> page = this.jdbc
			.sql("select id from oauth2_registered_client order by client_id limit ? offset ?")
			.params(pageable.getPageSize(), pageable.getOffset())
			.query(String.class)
			.list()
			.stream()
			.map(this.clients::findById)
			.filter(Objects::nonNull)
			.map(this::view)
			.toList();
		return new PageImpl<>(page, pageable, total);
	}

	public ClientView find(String clientId) {
		return view(existing(clientId));
	}

	/** Registers a new client; its secret, if it uses one, is in the answer and nowhere else. */
	public ClientWithSecret create(ClientRequest request, String actor) {
		if (request.clientId() == null || request.clientId().isBlank()) {
			throw new InvalidClientException("clientId", "must not be blank");
		}
		ClientsProperties.Client client = check(request, request.clientId(), List.of(), false);
		String secret = request.usesSecret() ? newSecret() : null;
		RegisteredClient registration = registration(client, UUID.randomUUID().toString(),
				(secret != null) ? this.secrets.encode(secret) : null, false, this.clock.instant());
		try {
			this.transactions.executeWithoutResult((status) -> {
				if (this.clients.findAnyByClientId(request.clientId()) != null) {
					throw new DuplicateClientException();
				}
				this.clients.save(registration);
				this.events.clientCreated(actor, request.clientId());
			});
		}
		catch (DuplicateKeyException ex) {
			// another node or request created it at the same moment
			throw new DuplicateClientException();
		}
		return new ClientWithSecret(view(registration), secret);
	}

	/**
	 * Replaces what a client may do (its grant types, scopes, audiences, methods, redirect URIs, token
	 * lifetime, keys, exchange audiences). Its secret stays; a client that starts using a secret gets one
	 * (in the answer), a client that stops using one loses it and any previous one.
	 */
	public ClientWithSecret update(String clientId, ClientRequest request, String actor) {
		if (request.clientId() != null && !request.clientId().equals(clientId)) {
			throw new InvalidClientException("clientId", "must be absent or the client id of the path");
		}
		return this.transactions.execute((status) -> {
			RegisteredClient existing = existing(clientId);
			ClientsProperties.Client client = check(request, clientId, existing.getPostLogoutRedirectUris().stream().toList(),
					existing.getClientSettings().isRequireAuthorizationConsent());
			String secret = null;
			String secretHash = null;
			if (request.usesSecret()) {
				secret = (existing.getClientSecret() == null) ? newSecret() : null;
				secretHash = (secret != null) ? this.secrets.encode(secret) : existing.getClientSecret();
			}
			else {
				this.previousSecrets.remove(existing.getId());
			}
			RegisteredClient registration = registration(client, existing.getId(), secretHash,
					CachingRegisteredClientRepository.isDisabled(existing), existing.getClientIdIssuedAt());
			this.clients.save(registration);
			this.events.clientUpdated(actor, clientId);
			return new ClientWithSecret(view(registration), secret);
		});
	}

	/** The client gets no more tokens ({@code invalid_client}) on any node within the cache's time to live. */
	public ClientView disable(String clientId, String actor) {
		return this.transactions.execute((status) -> {
			RegisteredClient existing = existing(clientId);
			RegisteredClient disabled = RegisteredClient.from(existing)
				.clientSettings(ClientSettings.withSettings(existing.getClientSettings().getSettings())
					.setting(CachingRegisteredClientRepository.DISABLED_SETTING, true)
					.build())
				.build();
			this.clients.save(disabled);
			this.events.clientDisabled(actor, clientId);
			return view(disabled);
		});
	}

	/**
	 * Deletes the client, its previous secret and its authorizations and consents (Spring Authorization
	 * Server's rows). A bootstrap client is registered again at the next start.
	 */
	public void delete(String clientId, String actor) {
		this.transactions.executeWithoutResult((status) -> {
			RegisteredClient existing = existing(clientId);
			this.previousSecrets.remove(existing.getId());
			this.jdbc.sql("delete from oauth2_authorization where registered_client_id = ?").param(existing.getId()).update();
			this.jdbc.sql("delete from oauth2_authorization_consent where registered_client_id = ?")
				.param(existing.getId())
				.update();
			this.jdbc.sql("delete from oauth2_registered_client where id = ?").param(existing.getId()).update();
			this.events.clientDeleted(actor, clientId);
		});
		this.clients.evictAll();
	}

	/**
	 * A new secret (answered once); the current one becomes the previous one and keeps working until
	 * {@code previousSecretExpiresIn} from now (0: stops at once), replacing an earlier previous secret.
	 */
	public ClientWithSecret rotateSecret(String clientId, Duration previousSecretExpiresIn, String actor) {
		Duration overlap = (previousSecretExpiresIn != null) ? previousSecretExpiresIn : DEFAULT_PREVIOUS_SECRET_LIFETIME;
		if (overlap.isNegative() || overlap.compareTo(MAX_PREVIOUS_SECRET_LIFETIME) > 0) {
			throw new InvalidClientException("previousSecretExpiresIn", "must be between PT0S and P7D");
		}
		String secret = newSecret();
		return this.transactions.execute((status) -> {
			RegisteredClient existing = existing(clientId);
			if (existing.getClientSecret() == null) {
				throw new SecretlessClientException();
			}
			Instant expiresAt = this.clock.instant().plus(overlap);
			if (overlap.isZero()) {
				this.previousSecrets.remove(existing.getId());
			}
			else {
				this.previousSecrets.keep(existing.getId(), existing.getClientSecret(), expiresAt);
			}
			RegisteredClient rotated = RegisteredClient.from(existing).clientSecret(this.secrets.encode(secret)).build();
			this.clients.save(rotated);
			this.events.clientSecretRotated(actor, clientId, expiresAt);
			return new ClientWithSecret(view(rotated), secret);
		});
	}

	private RegisteredClient existing(String clientId) {
		RegisteredClient client = this.clients.findAnyByClientId(clientId);
		if (client == null) {
			throw new ClientNotFoundException();
		}
		return client;
	}

	/** The request's own constraints, then the rules of {@code app.clients[i]}, then the key rules. */
	private ClientsProperties.Client check(ClientRequest request, String clientId, List<String> postLogoutRedirectUris,
			boolean requireConsent) {
		refuseFirst(this.validator.validate(request));
		Duration ttl = request.accessTokenTimeToLive();
		if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_ACCESS_TOKEN_TIME_TO_LIVE) > 0)) {
			throw new InvalidClientException("accessTokenTimeToLive", "must be more than PT0S and at most P1D");
		}
		checkKeys(request);
		ClientsProperties.Client client;
		try {
			client = new ClientsProperties.Client(clientId, request.usesSecret() ? GENERATED_SECRET : null,
					request.scopes(), request.audiences(), request.grantTypes(), request.authenticationMethods(), ttl,
					request.redirectUris(), postLogoutRedirectUris, requireConsent, request.jwksUri(),
					jwksJson(request), request.tokenExchangeAudiences());
		}
		catch (InvalidClientSettingsException ex) {
			throw new InvalidClientException("client", ex.getMessage().replace("client-secret", "secret")
				.replace("redirect-uri", "redirect URI"));
		}
		refuseFirst(this.validator.validate(client));
		return client;
	}

	/** The key rules first, so that their refusals name the field {@code jwks}; the record checks them again. */
	private static void checkKeys(ClientRequest request) {
		boolean privateKeyJwt = request.authenticationMethods().contains(ClientKeys.PRIVATE_KEY_JWT);
		if (request.jwks() != null && request.jwksUri() != null) {
			throw new InvalidClientException("jwks", "give jwks or jwksUri, not both");
		}
		if (!privateKeyJwt && (request.jwks() != null || request.jwksUri() != null)) {
			throw new InvalidClientException("jwks", "only a private_key_jwt client has keys");
		}
		if (privateKeyJwt && request.jwks() == null && request.jwksUri() == null) {
			throw new InvalidClientException("jwks", "a private_key_jwt client needs jwks or jwksUri");
		}
		try {
			if (request.jwks() != null) {
				ClientKeys.publicKeys(jwksJson(request));
			}
			if (request.jwksUri() != null) {
				ClientKeys.jwksUri(request.jwksUri());
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClientException("jwks", ex.getMessage());
		}
	}

	private static String jwksJson(ClientRequest request) {
		return (request.jwks() != null) ? JSONObjectUtils.toJSONString(request.jwks()) : null;
	}

	private static <T> void refuseFirst(Set<ConstraintViolation<T>> violations) {
		violations.stream()
			.min((a, b) -> a.getPropertyPath().toString().compareTo(b.getPropertyPath().toString()))
			.ifPresent((violation) -> {
				Path.Node root = violation.getPropertyPath().iterator().next();
				throw new InvalidClientException(root.getName(), violation.getMessage());
			});
	}

	private RegisteredClient registration(ClientsProperties.Client client, String id, String secretHash,
			boolean disabled, Instant issuedAt) {
		return ConfiguredClients.registration(client, id, secretHash, disabled, this.defaultAccessTokenTimeToLive)
			.clientIdIssuedAt(issuedAt)
			.build();
	}

	private String newSecret() {
		byte[] secret = new byte[SECRET_BYTES];
		this.random.nextBytes(secret);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

	private ClientView view(RegisteredClient client) {
		ClientSettings settings = client.getClientSettings();
		String jwks = settings.getSetting(ConfiguredClients.JWKS_SETTING);
		String exchange = settings.getSetting(ConfiguredClients.TOKEN_EXCHANGE_AUDIENCES_SETTING);
		boolean bootstrap = this.bootstrap.clients().stream().anyMatch((c) -> c.clientId().equals(client.getClientId()));
		return new ClientView(client.getClientId(),
				client.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList(),
				client.getScopes().stream().sorted().toList(), ConfiguredClients.audiences(client),
				client.getClientAuthenticationMethods().stream().map(ClientAuthenticationMethod::getValue).sorted().toList(),
				client.getRedirectUris().stream().sorted().toList(),
				client.getTokenSettings().getAccessTokenTimeToLive().toString(), parse(jwks), settings.getJwkSetUrl(),
				(exchange == null || exchange.isBlank()) ? List.of() : Arrays.asList(exchange.split(",")),
				CachingRegisteredClientRepository.isDisabled(client), bootstrap, client.getClientIdIssuedAt(),
				this.previousSecrets.expiry(client.getId(), this.clock.instant()).orElse(null));
	}

	private static Map<String, Object> parse(String jwks) {
		try {
			return (jwks != null) ? JSONObjectUtils.parse(jwks) : null;
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
