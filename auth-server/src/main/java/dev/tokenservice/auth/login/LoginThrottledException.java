package dev.tokenservice.auth.login;

import java.time.Duration;

/** Too many failed logins for this account or address: 429 with Retry-After. */
public class LoginThrottledException extends RuntimeException {

	private final Duration retryAfter;

	public LoginThrottledException(Duration retryAfter) {
		super("Too many failed logins; try again later");
		this.retryAfter = retryAfter;
	}

	/** Whole seconds, rounded up, at least 1. */
	public long retryAfterSeconds() {
		long seconds = this.retryAfter.toSeconds() + ((this.retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
