package dev.tokenservice.auth.login;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Too many failed logins for this account or address: 429 with Retry-After. */
public class LoginThrottledException extends ErrorResponseException {

	private final long retryAfterSeconds;

	public LoginThrottledException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS);
		this.retryAfterSeconds = seconds(retryAfter);
		setDetail("Too many failed logins; try again later");
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
	}

	/** The wait, in whole seconds (rounded up, at least 1), as in {@code Retry-After}. */
	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/** Whole seconds, rounded up, at least 1. */
	private static long seconds(Duration retryAfter) {
		long seconds = retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
