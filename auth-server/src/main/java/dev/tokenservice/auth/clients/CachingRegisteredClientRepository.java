package dev.tokenservice.auth.clients;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tokenservice.web.ClockTicker;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Registered clients kept in memory for a short time: Spring Authorization Server looks the client up,
 * and the JDBC repository reads its row and parses its JSON settings, on every grant. Clients change
 * when a node starts with new configuration or an admin changes them (admin API, {@code clients} command
 * line), so another node may use the old row for up to the time to live; a change on this node takes
 * effect here at once. Unknown ids are not cached.
 * <p>
 * A disabled client ({@link #DISABLED_SETTING}) is not found by {@link #findByClientId}: every client
 * authentication and authorization request of Spring Authorization Server looks clients up by client id,
 * so a disabled client gets {@code invalid_client} whatever its authentication method.
 * {@link #findAnyByClientId} finds it (administration, bootstrap).
 */
public class CachingRegisteredClientRepository implements RegisteredClientRepository {

	/** The client setting that marks a client disabled ({@code true}). */
	public static final String DISABLED_SETTING = "settings.client.disabled";

	private static final int MAXIMUM_CLIENTS = 10_000;

	private final RegisteredClientRepository delegate;

	private final Cache<String, RegisteredClient> byId;

	private final Cache<String, RegisteredClient> byClientId;

	public CachingRegisteredClientRepository(RegisteredClientRepository delegate, Duration timeToLive, Clock clock) {
		this.delegate = delegate;
		this.byId = cache(timeToLive, clock);
		this.byClientId = cache(timeToLive, clock);
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		this.delegate.save(registeredClient);
		this.byId.invalidateAll();
		this.byClientId.invalidateAll();
	}

	@Override
	public RegisteredClient findById(String id) {
		return this.byId.get(id, this.delegate::findById);
	}

	/** The client, unless it is unknown or disabled. */
	@Override
	public RegisteredClient findByClientId(String clientId) {
		RegisteredClient client = findAnyByClientId(clientId);
		return (client == null || isDisabled(client)) ? null : client;
	}

	/** The client, disabled or not. */
	public RegisteredClient findAnyByClientId(String clientId) {
		return this.byClientId.get(clientId, this.delegate::findByClientId);
	}

	/** Forgets every cached client on this node (after a client was deleted). */
	public void evictAll() {
		this.byId.invalidateAll();
		this.byClientId.invalidateAll();
	}

	/** Whether an admin disabled the client. */
	public static boolean isDisabled(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(DISABLED_SETTING));
	}

	private static Cache<String, RegisteredClient> cache(Duration timeToLive, Clock clock) {
		return Caffeine.newBuilder()
			.expireAfterWrite(timeToLive)
			.maximumSize(MAXIMUM_CLIENTS)
			.ticker(new ClockTicker(clock))
			.build();
	}

}
