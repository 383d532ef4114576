package dev.tokenservice.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing rules of the ring.
 *
 * @param publishLead how long a {@code next} key is published (since its creation) before an unforced
 * rotation may let it sign; it must cover the resource servers' JWKS cache TTL
 * @param propagation how long after its creation every node of the issuer publishes a key: no key
 * signs earlier, not even when forced (a token must verify on whichever node a client reaches)
 * @param accessTokenTimeToLive the longest lifetime of an access token the ring signs
 * @param refreshTokenTimeToLive the longest lifetime of a refresh token the ring signs
 * @param clockSkew the skew resource servers allow on {@code exp}
 */
public record KeyRingPolicy(Duration publishLead, Duration propagation, Duration accessTokenTimeToLive,
		Duration refreshTokenTimeToLive, Duration clockSkew) {

	public KeyRingPolicy {
		Objects.requireNonNull(publishLead, "publishLead");
		Objects.requireNonNull(propagation, "propagation");
		Objects.requireNonNull(accessTokenTimeToLive, "accessTokenTimeToLive");
		Objects.requireNonNull(refreshTokenTimeToLive, "refreshTokenTimeToLive");
		Objects.requireNonNull(clockSkew, "clockSkew");
		if (publishLead.isNegative() || propagation.isNegative() || accessTokenTimeToLive.isNegative()
				|| refreshTokenTimeToLive.isNegative() || clockSkew.isNegative()) {
			throw new IllegalArgumentException("Durations of the key-ring policy cannot be negative");
		}
	}

	/** How long a retired key stays published: until every access token it signed has expired. */
	public Duration retiredPublication() {
		return this.accessTokenTimeToLive.plus(this.clockSkew);
	}

	/** How long a retired key still verifies the issuer's own tokens: until every token it signed expired. */
	public Duration retiredVerification() {
		Duration longest = (this.refreshTokenTimeToLive.compareTo(this.accessTokenTimeToLive) > 0)
				? this.refreshTokenTimeToLive : this.accessTokenTimeToLive;
		return longest.plus(this.clockSkew);
	}

	/** How long a next key must exist before it may sign: the publish lead, or forced, only the propagation. */
	public Duration activationLead(boolean force) {
		return (force || this.propagation.compareTo(this.publishLead) > 0) ? this.propagation : this.publishLead;
	}

}
