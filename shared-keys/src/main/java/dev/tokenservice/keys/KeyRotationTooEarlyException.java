package dev.tokenservice.keys;

import java.time.Instant;
import java.util.Optional;

/**
 * The next key may not sign yet: it has not been published long enough for every resource server (or,
 * forced, every node of the issuer) to know it, or there is no next key at all.
 */
public class KeyRotationTooEarlyException extends RuntimeException {

	private final Instant earliest;

	public KeyRotationTooEarlyException(String message, Instant earliest) {
		super(message);
		this.earliest = earliest;
	}

	/** The first moment the same request is allowed; empty when waiting does not help. */
	public Optional<Instant> earliest() {
		return Optional.ofNullable(this.earliest);
	}

}
