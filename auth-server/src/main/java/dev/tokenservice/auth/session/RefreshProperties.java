package dev.tokenservice.auth.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties("app.refresh")
public record RefreshProperties(@DefaultValue("30d") Duration absoluteLifetime, @DefaultValue("7d") Duration idleTimeout,
		@DefaultValue("0s") Duration reuseLeeway, @DefaultValue("true") boolean cookieSecure) {

	public RefreshProperties {
		if (!positive(absoluteLifetime) || !positive(idleTimeout) || reuseLeeway.isNegative()) {
			throw new IllegalArgumentException("app.refresh.absolute-lifetime and .idle-timeout must be positive, "
					+ ".reuse-leeway zero or positive");
		}
	}

	// Duration#isPositive is Java 18+
	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
