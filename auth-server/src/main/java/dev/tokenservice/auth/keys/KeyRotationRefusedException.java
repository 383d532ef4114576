package dev.tokenservice.auth.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.tokenservice.keys.KeyRotationTooEarlyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The ring's {@link KeyRotationTooEarlyException} (shared-keys knows no HTTP) as operators get it: 409,
 * and when waiting helps, the moment the same request is allowed as {@code earliest} and
 * {@code Retry-After}.
 */
public class KeyRotationRefusedException extends ErrorResponseException {

	private final Instant earliest;

	KeyRotationRefusedException(KeyRotationTooEarlyException cause, Instant now) {
		super(HttpStatus.CONFLICT, cause);
		setDetail(cause.getMessage());
		this.earliest = cause.earliest().orElse(null);
		if (this.earliest != null) {
			getBody().setProperty("earliest", this.earliest.toString());
			long seconds = Duration.between(now, this.earliest).toSeconds() + 1;
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
		}
	}

	/** The first moment the same request is allowed; empty when waiting does not help. */
	public Optional<Instant> earliest() {
		return Optional.ofNullable(this.earliest);
	}

}
