package dev.tokenservice.auth.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.tokenservice.keys.KeyRing;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.RingKey;

/**
 * The moments of a ring that operators watch: since when the active key signs, since when the next key
 * is published, and when the scheduled rotation will happen (the active key's activation plus the
 * rotation period, not before the next key's publish lead has passed; empty when scheduled rotation is
 * off or there is no next key).
 */
public record KeyRingTimes(Instant activeSince, Optional<Instant> nextPublishedSince,
		Optional<Instant> scheduledRotation) {

	static KeyRingTimes of(KeyRing ring, KeyRingPolicy policy, Duration rotationPeriod) {
		Instant activeSince = ring.active().map(RingKey::activatedAt).orElseThrow();
		Optional<Instant> nextSince = ring.next().map(RingKey::createdAt);
		Optional<Instant> rotation = Optional.empty();
		if (!rotationPeriod.isZero() && !rotationPeriod.isNegative()) {
			Instant due = activeSince.plus(rotationPeriod);
			rotation = ring.earliestActivation(policy, false).map((earliest) -> earliest.isAfter(due) ? earliest : due);
		}
		return new KeyRingTimes(activeSince, nextSince, rotation);
	}

}
