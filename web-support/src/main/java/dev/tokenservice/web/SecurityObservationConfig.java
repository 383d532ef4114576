package dev.tokenservice.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security's own observations off: they wrap every filter of every chain, the authentication
 * manager and each authorization decision, which cost both servers about a tenth of their CPU per
 * request (bench/README.md) for spans and timers nothing here exports. Boot's HTTP server
 * observation ({@code http.server.requests}) stays. A {@link SecurityObservationSettings} bean of the
 * application's own turns them back on.
 */
@AutoConfiguration
public class SecurityObservationConfig {

	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
