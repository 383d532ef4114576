package dev.tokenservice.auth.browser;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The auth server's own browser login ({@code app.browser-session.*}), behind the login, consent and
 * account pages and the authorization endpoint. The defaults are Keycloak's for its SSO session ("SSO
 * Session Idle" 30 minutes, "SSO Session Max" 10 hours): a person who walks away is asked again within
 * half an hour, and nobody stays signed in past a working day.
 *
 * @param idleTimeout the login ends after this long without a request that uses it
 * @param maxLifetime the login ends this long after the password was typed, however busy
 */
@Validated
@ConfigurationProperties("app.browser-session")
public record BrowserSessionProperties(
		@DurationMin(seconds = 1, message = "must be at least 1s") @DefaultValue("30m") Duration idleTimeout,
		@DurationMin(seconds = 1, message = "must be at least 1s") @DefaultValue("10h") Duration maxLifetime) {

	/** Validation only: an idle timeout past the lifetime would never count. */
	@AssertTrue(message = "idle-timeout must not be longer than max-lifetime")
	boolean isIdleTimeoutWithinMaxLifetime() {
		return this.idleTimeout == null || this.maxLifetime == null || this.idleTimeout.compareTo(this.maxLifetime) <= 0;
	}

}
