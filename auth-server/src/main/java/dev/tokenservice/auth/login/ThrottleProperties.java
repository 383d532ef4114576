package dev.tokenservice.auth.login;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login throttling ({@code app.login-throttle.*}): after its free failures a key (an account, a client
 * address) must wait {@code firstDelay} after each further failure, doubling up to {@code maxDelay}.
 * A key with no failure for {@code resetAfter} starts again from zero.
 *
 * @param accountFreeFailures failures allowed per account before delays start
 * @param addressFreeFailures failures allowed per client address before delays start
 * @param firstDelay the first delay
 * @param maxDelay the longest delay
 * @param resetAfter quiet time after which a key's count starts again (so an office behind one
 * address does not carry last month's typos)
 */
@Validated
@ConfigurationProperties("app.login-throttle")
public record ThrottleProperties(@PositiveOrZero @DefaultValue("5") int accountFreeFailures,
		@PositiveOrZero @DefaultValue("20") int addressFreeFailures,
		@DurationMin(nanos = 1, message = "must be positive") @DefaultValue("1s") Duration firstDelay,
		@DefaultValue("15m") Duration maxDelay,
		@DurationMin(nanos = 1, message = "must be positive") @DefaultValue("24h") Duration resetAfter) {

	/** Validation only: {@code max-delay} is at least {@code first-delay}. */
	@AssertTrue(message = "max-delay must not be shorter than first-delay")
	boolean isMaxDelayAtLeastFirstDelay() {
		return this.maxDelay == null || this.firstDelay == null || this.maxDelay.compareTo(this.firstDelay) >= 0;
	}

}
