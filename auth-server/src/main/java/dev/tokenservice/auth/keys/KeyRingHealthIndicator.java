package dev.tokenservice.auth.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: has this node read the key ring recently? A node cut off from the database would go on
 * signing with what it last knew while the other nodes rotate or revoke; after three missed syncs it
 * reports out of service so that the load balancer stops sending it traffic.
 */
@Component("keyRing")
class KeyRingHealthIndicator implements HealthIndicator {

	private final KeyRingService keyRing;

	private final Duration allowedAge;

	private final Clock clock;

	KeyRingHealthIndicator(KeyRingService keyRing, KeysProperties properties, Clock clock) {
		this.keyRing = keyRing;
		this.allowedAge = properties.syncInterval().multipliedBy(3);
		this.clock = clock;
	}

	@Override
	public Health health() {
		Instant loaded = this.keyRing.lastLoaded();
		Health.Builder health = loaded.plus(this.allowedAge).isBefore(this.clock.instant()) ? Health.outOfService()
				: Health.up();
		return health.withDetail("loadedAt", loaded.toString())
			.withDetail("signingKey", this.keyRing.current().signingKey().getKeyID())
			// not zero: some key may still need a previous KEK (app.keys.previous-keks); run keys rewrap
			.withDetail("keysUnderPreviousKek", this.keyRing.keysUnderPreviousKek())
			.build();
	}

}
