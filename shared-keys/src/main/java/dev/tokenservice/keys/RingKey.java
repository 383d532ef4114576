package dev.tokenservice.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * A key's place in the ring and the moments it moved. {@code activatedAt}, {@code retiredAt} and
 * {@code revokedAt} are null until the key reaches that state, but the timestamp of the current state
 * is required: the ring's rules (how long a retired key stays published) depend on it.
 */
public record RingKey(String kid, KeyState state, Instant createdAt, Instant activatedAt, Instant retiredAt,
		Instant revokedAt) {

	public RingKey {
		Objects.requireNonNull(kid, "kid");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(createdAt, "createdAt");
		Instant since = switch (state) {
			case NEXT -> createdAt;
			case ACTIVE -> activatedAt;
			case RETIRED -> retiredAt;
			case REVOKED -> revokedAt;
		};
		if (since == null) {
			throw new IllegalArgumentException("Key " + kid + " is " + state.value() + " but has no "
					+ state.value() + " timestamp");
		}
	}

	/** A key just created: published from {@code now}, signing nothing yet. */
	public static RingKey next(String kid, Instant now) {
		return new RingKey(kid, KeyState.NEXT, now, null, null, null);
	}

	/** This key signing from {@code now}. */
	public RingKey activated(Instant now) {
		return new RingKey(this.kid, KeyState.ACTIVE, this.createdAt, now, null, null);
	}

	/** This key no longer signing from {@code now}; it keeps its activation time. */
	public RingKey retired(Instant now) {
		return new RingKey(this.kid, KeyState.RETIRED, this.createdAt, this.activatedAt, now, null);
	}

	/** This key distrusted from {@code now}; earlier timestamps are kept for the record. */
	public RingKey revoked(Instant now) {
		return new RingKey(this.kid, KeyState.REVOKED, this.createdAt, this.activatedAt, this.retiredAt, now);
	}

}
