package dev.tokenservice.resource.security;

import java.util.Optional;

import dev.tokenservice.web.BrowserApiCors;
import dev.tokenservice.web.ProblemCorsProcessor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS of {@code /api/**} for the configured origins: a browser app on another origin calls the API with
 * a Bearer token (no credentials), sends {@code If-Match} on an edit and reads the ETag, where a created
 * person is, when to retry and why a token was refused. A refused origin gets a problem document.
 */
final class ApiCors {

	private ApiCors() {
	}

	/** The filter, or none when no origin is configured (then nothing answers cross-origin requests). */
	static Optional<CorsFilter> filter(CorsProperties cors, JsonMapper jsonMapper) {
		if (cors.allowedOrigins().isEmpty()) {
			return Optional.empty();
		}
		CorsConfiguration configuration = BrowserApiCors.forOrigins(cors.allowedOrigins());
		configuration.addAllowedHeader("If-Match");
		configuration.addExposedHeader("ETag");
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", configuration);
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new ProblemCorsProcessor(jsonMapper));
		return Optional.of(filter);
	}

}
