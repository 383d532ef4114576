package dev.tokenservice.resource.security;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.tokenservice.testsupport.EnvironmentSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Environment variables bind to the settings they name over the real application.yml, in their canonical
 * form (docs/settings.md) and with underscores for dashes (APP_ISSUER_JWKS_CACHE_TTL); application.yml
 * lists none of the keys. Nonsense stops the startup with a message naming the setting.
 */
class SettingsBindingTests {

	@Test
	void documentedVariablesBind() {
		Binder binder = EnvironmentSettings.binder(Map.of("APP_ISSUER_JWKSCACHETTL", "1m", "APP_TOKENS_MAXLENGTH",
				"4096", "APP_TOKENS_VERIFIEDCACHESIZE", "50", "APP_TOKENS_VERIFIED_CACHE_TTL", "5s",
				"APP_ISSUER_JWK_SET_URI", "http://internal:9000/jwks"));
		IssuerProperties issuer = binder.bindOrCreate("app.issuer", IssuerProperties.class);
		TokensProperties tokens = binder.bindOrCreate("app.tokens", TokensProperties.class);

		assertThat(issuer.jwksCacheTtl()).isEqualTo(Duration.ofMinutes(1));
		assertThat(issuer.effectiveJwkSetUri()).isEqualTo(URI.create("http://internal:9000/jwks"));
		assertThat(tokens.maxLength()).isEqualTo(4096);
		assertThat(tokens.verifiedCacheSize()).isEqualTo(50);
		assertThat(tokens.verifiedCacheTtl()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void defaultsMatchTheReadme() {
		Binder binder = EnvironmentSettings.binder(Map.of());
		IssuerProperties issuer = binder.bindOrCreate("app.issuer", IssuerProperties.class);
		TokensProperties tokens = binder.bindOrCreate("app.tokens", TokensProperties.class);

		assertThat(tokens.verifiedCacheSize()).isEqualTo(1000);
		assertThat(tokens.verifiedCacheTtl()).isEqualTo(Duration.ofSeconds(30));
		assertThat(issuer.effectiveJwkSetUri()).isEqualTo(URI.create("http://localhost:9000/oauth2/jwks"));
		assertThat(issuer.jwksOutageTolerance()).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void anOutageToleranceNotBeyondTheCacheTtlIsRefusedAtStartup() {
		new ApplicationContextRunner().withUserConfiguration(ValidatedSettings.class)
			.withPropertyValues("app.issuer.jwks-cache-ttl=10m", "app.issuer.jwks-outage-tolerance=5m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("app.issuer.jwks-outage-tolerance (PT5M) must exceed app.issuer.jwks-cache-ttl"));
	}

	@Test
	void aBlankAudienceIsRefusedAtStartup() {
		new ApplicationContextRunner().withUserConfiguration(ValidatedSettings.class)
			.withPropertyValues("app.tokens.audience=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Binding validation errors on app.tokens")
				.hasMessageContaining("on field 'audience'")
				.hasMessageContaining("must not be blank"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ IssuerProperties.class, TokensProperties.class })
	static class ValidatedSettings {

	}

}
