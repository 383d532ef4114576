package dev.tokenservice.auth.login;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties("app.login-throttle")
public record ThrottleProperties(@DefaultValue("5") int accountFreeFailures,
		@DefaultValue("20") int addressFreeFailures, @DefaultValue("1s") Duration firstDelay,
		@DefaultValue("15m") Duration maxDelay, @DefaultValue("24h") Duration resetAfter) {

	public ThrottleProperties {
		if (accountFreeFailures < 0 || addressFreeFailures < 0 || !positive(firstDelay)
				|| maxDelay.compareTo(firstDelay) < 0 || !positive(resetAfter)) {
			throw new IllegalArgumentException("app.login-throttle: free failures must be >= 0, first-delay "
					+ "positive, max-delay >= first-delay, reset-after positive");
		}
	}

	// Duration#isPositive is Java 18+
	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
