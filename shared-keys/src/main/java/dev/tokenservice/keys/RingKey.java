package dev.tokenservice.keys;

import java.time.Instant;
import java.util.Objects;

/** A key's place in the ring and the moments it moved; {@code activatedAt}, {@code retiredAt}, {@code revokedAt} may be null. */
public record RingKey(String kid, KeyState state, Instant createdAt, Instant activatedAt, Instant retiredAt,
		Instant revokedAt) {

	public RingKey {
		Objects.requireNonNull(kid, "kid");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(createdAt, "createdAt");
	}

	public static RingKey next(String kid, Instant now) {
		return new RingKey(kid, KeyState.NEXT, now, null, null, null);
	}

	public RingKey activated(Instant now) {
		return new RingKey(this.kid, KeyState.ACTIVE, this.createdAt, now, null, null);
	}

	public RingKey retired(Instant now) {
		return new RingKey(this.kid, KeyState.RETIRED, this.createdAt, this.activatedAt, now, null);
	}

	public RingKey revoked(Instant now) {
		return new RingKey(this.kid, KeyState.REVOKED, this.createdAt, this.activatedAt, this.retiredAt, now);
	}

}
