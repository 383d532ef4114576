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
 * only when a node starts with new configuration, so another node may use the old row for up to the
 * time to live; a save on this node takes effect here at once. Unknown ids are not cached.
 */
public class CachingRegisteredClientRepository implements RegisteredClientRepository {

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

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return this.byClientId.get(clientId, this.delegate::findByClientId);
	}

	private static Cache<String, RegisteredClient> cache(Duration timeToLive, Clock clock) {
		return Caffeine.newBuilder()
			.expireAfterWrite(timeToLive)
			.maximumSize(MAXIMUM_CLIENTS)
			.ticker(new ClockTicker(clock))
			.build();
	}

}
