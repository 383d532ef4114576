package dev.tokenservice.auth.session;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Refresh families and their rotating refresh tokens ({@code app.refresh.*}).
 *
 * @param absoluteLifetime a login's family ends this long after the login; rotation never extends it
 * @param idleTimeout a refresh token unused this long expires (each rotation starts a new one, capped
 * by the absolute lifetime)
 * @param reuseLeeway a replay of a consumed refresh token within this time after its consumption gets a
 * fresh pair instead of revoking the family (front ends with several tabs); zero turns it off
 * @param cookieSecure the {@code Secure} attribute of the refresh cookie; only a plain-HTTP setup other
 * than localhost needs it off
 */
@Validated
@ConfigurationProperties("app.refresh")
public record RefreshProperties(
		@DurationMin(nanos = 1, message = "must be positive") @DefaultValue("30d") Duration absoluteLifetime,
		@DurationMin(nanos = 1, message = "must be positive") @DefaultValue("7d") Duration idleTimeout,
		@DurationMin(nanos = 0, message = "must be zero or positive") @DefaultValue("0s") Duration reuseLeeway,
		@DefaultValue("true") boolean cookieSecure) {

}
