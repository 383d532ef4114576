package dev.tokenservice.resource.security;

import java.time.Duration;
import java.util.Map;

import dev.tokenservice.testsupport.EnvironmentSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's variables with underscores for dashes bind over the real application.yml (they bind to
 * a dashed setting only because application.yml lists its key).
 */
class SettingsBindingTests {

	@Test
	void documentedVariablesBind() {
		ResourceServerProperties properties = bind(Map.of("APP_JWKS_CACHE_TTL", "1m", "APP_MAX_TOKEN_LENGTH", "4096",
				"APP_VERIFIED_TOKEN_CACHE_SIZE", "50", "APP_VERIFIED_TOKEN_CACHE_TTL", "5s"));

		assertThat(properties.jwksCacheTtl()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.maxTokenLength()).isEqualTo(4096);
		assertThat(properties.verifiedTokenCacheSize()).isEqualTo(50);
		assertThat(properties.verifiedTokenCacheTtl()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void defaultsMatchTheReadme() {
		ResourceServerProperties properties = bind(Map.of());

		assertThat(properties.verifiedTokenCacheSize()).isEqualTo(1000);
		assertThat(properties.verifiedTokenCacheTtl()).isEqualTo(Duration.ofSeconds(30));
	}

	private static ResourceServerProperties bind(Map<String, Object> variables) {
		return EnvironmentSettings.binder(variables).bindOrCreate("app", ResourceServerProperties.class);
	}

}
