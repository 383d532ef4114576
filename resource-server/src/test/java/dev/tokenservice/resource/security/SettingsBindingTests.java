package dev.tokenservice.resource.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

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
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				variables));
		try {
			new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
				.forEach(sources::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Binder(ConfigurationPropertySources.from(sources), null,
				ApplicationConversionService.getSharedInstance())
			.bindOrCreate("app", ResourceServerProperties.class);
	}

}
