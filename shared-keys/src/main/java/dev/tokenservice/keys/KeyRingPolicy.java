package dev.tokenservice.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing rules of the ring.
 *
 * @param publishLead how long a {@code next} key is published (since its creation) before it may
 * sign; it must cover the resource servers' JWKS cache TTL
 * @param accessTokenTimeToLive the longest lifetime of an access token the ring signs
 * @param clockSkew the skew resource servers allow on {@code exp}
 */
public record KeyRingPolicy(Duration publishLead, Duration accessTokenTimeToLive, Duration clockSkew) {

	public KeyRingPolicy {
		Objects.requireNonNull(publishLead, "publishLead");
		Objects.requireNonNull(accessTokenTimeToLive, "accessTokenTimeToLive");
		Objects.requireNonNull(clockSkew, "clockSkew");
		if (publishLead.isNegative() || accessTokenTimeToLive.isNegative() || clockSkew.isNegative()) {
			throw new IllegalArgumentException("Durations of the key-ring policy cannot be negative");
		}
	}

	/** How long a retired key stays published: until every access token it signed has expired. */
	public Duration retiredPublication() {
		return this.accessTokenTimeToLive.plus(this.clockSkew);
	}

}
