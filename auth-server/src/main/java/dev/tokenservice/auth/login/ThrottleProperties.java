package dev.tokenservice.auth.login;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login throttling ({@code app.login-throttle.*}): after {@code freeFailures} failures a key waits
 * {@code firstDelay}, doubling with each further failure up to {@code maxDelay}.
 *
 * @param accountFreeFailures failures allowed per account before delays start
 * @param addressFreeFailures failures allowed per client address before delays start
 * @param firstDelay the first delay
 * @param maxDelay the longest delay
 */
@ConfigurationProperties("app.login-throttle")
public record ThrottleProperties(@DefaultValue("5") int accountFreeFailures,
		@DefaultValue("20") int addressFreeFailures, @DefaultValue("1s") Duration firstDelay,
		@DefaultValue("15m") Duration maxDelay) {

}
