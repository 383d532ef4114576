package dev.tokenservice.keys;

import java.time.Instant;

/** The next key has not been published long enough for every resource server to know it. */
public class KeyRotationTooEarlyException extends RuntimeException {

	private final Instant earliest;

	public KeyRotationTooEarlyException(String message, Instant earliest) {
		super(message);
		this.earliest = earliest;
	}

	/** The first moment an unforced rotation is allowed. */
	public Instant earliest() {
		return this.earliest;
	}

}
