package dev.tokenservice.resource.security;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.tokenservice.testsupport.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings' old names (META-INF/additional-spring-configuration-metadata.json) still work for now, as
 * environment variables and as properties, each with a warning naming its new name; the new name wins
 * when both are set in the same place. Through a real Spring Boot startup, so that web-support's
 * RenamedSettings runs as it does in the server.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenamedSettingsTests {

	@Test
	void oldEnvironmentVariablesStillWork(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Map.of("APP_ISSUER_URI", "http://issuer.example:9000",
				"APP_JWK_SET_URI", "http://auth-server:9000/oauth2/jwks", "APP_JWKS_CACHE_TTL", "1m",
				"APP_JWKS_REFETCH_MIN_INTERVAL", "10s", "APP_AUDIENCE", "orders-api", "APP_CLOCK_SKEW", "5s",
				"APP_MAX_TOKEN_LENGTH", "4096", "APP_VERIFIED_TOKEN_CACHE_SIZE", "50",
				"APP_VERIFIED_TOKEN_CACHE_TTL", "7s"))) {
			assertThat(context.getBean(IssuerProperties.class)).isEqualTo(new IssuerProperties(
					URI.create("http://issuer.example:9000"), URI.create("http://auth-server:9000/oauth2/jwks"),
					Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofDays(1)));
			assertThat(context.getBean(TokensProperties.class)).isEqualTo(
					new TokensProperties("orders-api", Duration.ofSeconds(5), 4096, 50, Duration.ofSeconds(7)));
		}
		assertThat(output).contains("Setting APP_JWKS_CACHE_TTL (app.jwks-cache-ttl) in 'systemEnvironment' is "
				+ "deprecated: it was renamed app.issuer.jwks-cache-ttl (APP_ISSUER_JWKSCACHETTL)")
			.contains("Setting APP_CLOCK_SKEW (app.clock-skew) in 'systemEnvironment' is deprecated: it was renamed "
					+ "app.tokens.clock-skew (APP_TOKENS_CLOCKSKEW)")
			.contains("renamed app.tokens.audience (APP_TOKENS_AUDIENCE)")
			.contains("renamed app.issuer.jwk-set-uri (APP_ISSUER_JWKSETURI)")
			.contains("renamed app.issuer.jwks-refetch-min-interval")
			.contains("renamed app.tokens.max-length")
			.contains("renamed app.tokens.verified-cache-size")
			.contains("renamed app.tokens.verified-cache-ttl");
		// APP_ISSUER_URI was the old variable of app.issuer-uri and is the new one of app.issuer.uri
		assertThat(output).doesNotContain("app.issuer-uri");
	}

	@Test
	void oldPropertiesStillWork(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Map.of(), "--app.issuer-uri=http://old.example",
				"--app.audience=billing-api")) {
			assertThat(context.getBean(IssuerProperties.class).uri()).isEqualTo(URI.create("http://old.example"));
			assertThat(context.getBean(TokensProperties.class).audience()).isEqualTo("billing-api");
		}
		assertThat(output).contains("Setting app.issuer-uri in 'commandLineArgs' is deprecated: it was renamed "
				+ "app.issuer.uri (APP_ISSUER_URI)");
	}

	@Test
	void newNamesWinWhenBothAreSet(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(
				Map.of("APP_JWKS_CACHE_TTL", "1m", "APP_ISSUER_JWKSCACHETTL", "2m"), "--app.audience=old-api",
				"--app.tokens.audience=new-api")) {
			assertThat(context.getBean(IssuerProperties.class).jwksCacheTtl()).isEqualTo(Duration.ofMinutes(2));
			assertThat(context.getBean(TokensProperties.class).audience()).isEqualTo("new-api");
		}
		assertThat(output).contains("Setting APP_JWKS_CACHE_TTL (app.jwks-cache-ttl) in 'systemEnvironment' is "
				+ "ignored: it was renamed app.issuer.jwks-cache-ttl (APP_ISSUER_JWKSCACHETTL), which is set")
			.contains("Setting app.audience in 'commandLineArgs' is ignored");
	}

	@Test
	void theRetiredBenchmarkSwitchIsReported(CapturedOutput output) {
		start(Map.of("APP_SECURITY_AUTHORIZATIONENABLED", "false")).close();

		assertThat(output).contains("Setting APP_SECURITY_AUTHORIZATIONENABLED (app.security.authorization-enabled) "
				+ "in 'systemEnvironment' is no longer used: the people API is never open in production");
	}

	private static ConfigurableApplicationContext start(Map<String, Object> variables, String... arguments) {
		return EnvironmentSettings.start(Settings.class, variables, arguments);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ IssuerProperties.class, TokensProperties.class })
	static class Settings {

	}

}
