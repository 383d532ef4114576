package dev.tokenservice.auth.login;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tokenservice.auth.admin.BootstrapUsersProperties;
import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.issuer.StorageProperties;
import dev.tokenservice.auth.issuer.TokensProperties;
import dev.tokenservice.auth.keys.KeysProperties;
import dev.tokenservice.auth.session.FirstPartyProperties;
import dev.tokenservice.auth.session.RefreshProperties;
import dev.tokenservice.auth.web.CorsProperties;
import dev.tokenservice.testsupport.EnvironmentSettings;
import dev.tokenservice.keys.KeyEncryptionKey;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Environment variables bind to the settings they name, over the real application.yml as the
 * application sees them. docs/settings.md gives each setting's canonical variable (SettingsDocumentationTests
 * binds those); the names with underscores for dashes that earlier docs gave, such as
 * APP_LOGIN_THROTTLE_FIRST_DELAY, still bind too, although application.yml no longer lists the keys.
 * Nonsensical values stop the startup with a message naming the setting.
 */
class SettingsBindingTests {

	static Binder environment(Map<String, Object> variables) {
		return EnvironmentSettings.binder(variables);
	}

	@Test
	void previousKeksBindFromIndexedVariables() {
		String first = KeyEncryptionKey.generate().toBase64();
		String second = KeyEncryptionKey.generate().toBase64();

		KeysProperties keys = environment(Map.of("APP_KEYS_PREVIOUSKEKS_0", first, "APP_KEYS_PREVIOUSKEKS_1", second))
			.bindOrCreate("app.keys", KeysProperties.class);

		assertThat(keys.previousKeks()).containsExactly(first, second);
		assertThat(environment(Map.of()).bindOrCreate("app.keys", KeysProperties.class).previousKeks()).isEmpty();
	}

	@Test
	void documentedVariablesBind() {
		Binder binder = environment(Map.ofEntries(Map.entry("APP_FIRST_PARTY_CLIENT_ID", "web"),
				Map.entry("APP_FIRST_PARTY_AUDIENCES", "people-api,orders-api"),
				Map.entry("APP_FIRST_PARTY_SCOPES", "people:read"), Map.entry("APP_REFRESH_ABSOLUTE_LIFETIME", "14d"),
				Map.entry("APP_REFRESH_IDLE_TIMEOUT", "2d"), Map.entry("APP_REFRESH_REUSE_LEEWAY", "10s"),
				Map.entry("APP_REFRESH_COOKIE_SECURE", "false"),
				Map.entry("APP_CORS_ALLOWED_ORIGINS", "https://a.example,https://b.example"),
				Map.entry("APP_LOGIN_THROTTLE_ACCOUNT_FREE_FAILURES", "7"),
				Map.entry("APP_LOGIN_THROTTLE_ADDRESS_FREE_FAILURES", "40"),
				Map.entry("APP_LOGIN_THROTTLE_FIRST_DELAY", "2s"), Map.entry("APP_LOGIN_THROTTLE_MAX_DELAY", "5m"),
				Map.entry("APP_LOGIN_THROTTLE_RESET_AFTER", "12h"),
				Map.entry("APP_BOOTSTRAP_ADMIN_EMAIL", "admin@example.com"),
				Map.entry("APP_BOOTSTRAP_ADMIN_PASSWORD", "ivory walrus conducts midnight orchestra"),
				Map.entry("APP_BOOTSTRAP_DEMO_USER_EMAIL", "user@example.com"),
				Map.entry("APP_BOOTSTRAP_DEMO_USER_PASSWORD", "violet tangerine bicycle harbor"),
				Map.entry("APP_KEYS_PUBLISHLEAD", "6m"), Map.entry("APP_KEYS_SYNCINTERVAL", "5s"),
				Map.entry("APP_KEYS_ROTATIONPERIOD", "90d"), Map.entry("APP_KEYS_SIZE", "3072"),
				Map.entry("APP_CLIENT_CACHE_TTL", "1m")));

		assertThat(binder.bindOrCreate("app.first-party", FirstPartyProperties.class))
			.isEqualTo(new FirstPartyProperties("web", List.of("people-api", "orders-api"), List.of("people:read")));
		assertThat(binder.bindOrCreate("app.refresh", RefreshProperties.class)).isEqualTo(new RefreshProperties(
				Duration.ofDays(14), Duration.ofDays(2), Duration.ofSeconds(10), false));
		assertThat(binder.bindOrCreate("app.cors", CorsProperties.class).allowedOrigins())
			.containsExactly("https://a.example", "https://b.example");
		assertThat(binder.bindOrCreate("app.login-throttle", ThrottleProperties.class)).isEqualTo(
				new ThrottleProperties(7, 40, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(12)));
		BootstrapUsersProperties bootstrap = binder.bindOrCreate("app.bootstrap", BootstrapUsersProperties.class);
		assertThat(bootstrap.admin().email()).isEqualTo("admin@example.com");
		assertThat(bootstrap.admin().password()).isEqualTo("ivory walrus conducts midnight orchestra");
		assertThat(bootstrap.demoUser().email()).isEqualTo("user@example.com");
		assertThat(binder.bindOrCreate("app.keys", KeysProperties.class)).usingRecursiveComparison()
			.ignoringFields("kek")
			.isEqualTo(new KeysProperties(null, 3072, Duration.ofMinutes(6), Duration.ofSeconds(5), Duration.ofDays(90)));
		assertThat(binder.bindOrCreate("app", ClientsProperties.class).clientCacheTtl()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void defaultsMatchTheReadme() {
		// application.yml and the records' own defaults agree
		Binder binder = environment(Map.of());

		assertThat(binder.bindOrCreate("app.first-party", FirstPartyProperties.class)).isEqualTo(
				new FirstPartyProperties("first-party", List.of("people-api"), List.of("people:read", "people:write")));
		assertThat(binder.bindOrCreate("app.refresh", RefreshProperties.class)).isEqualTo(
				new RefreshProperties(Duration.ofDays(30), Duration.ofDays(7), Duration.ZERO, true));
		assertThat(binder.bindOrCreate("app.cors", CorsProperties.class).allowedOrigins()).isEmpty();
		assertThat(binder.bindOrCreate("app.login-throttle", ThrottleProperties.class)).isEqualTo(new ThrottleProperties(5,
				20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(24)));
		assertThat(binder.bindOrCreate("app.keys", KeysProperties.class)).usingRecursiveComparison()
			.ignoringFields("kek")
			.isEqualTo(new KeysProperties(null, 2048, Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofDays(30)));
		assertThat(binder.bindOrCreate("app", ClientsProperties.class).clientCacheTtl()).isEqualTo(Duration.ofSeconds(10));
		// the one app.* default application.yml repeats (its datasource URL reads it) is the record's
		assertThat(binder.bindOrCreate("app.storage", StorageProperties.class).dataDir())
			.isEqualTo(new Binder().bindOrCreate("app.storage", StorageProperties.class).dataDir())
			.isEqualTo(Path.of("data"));
	}

	@Test
	void nonsensicalDurationsAreRefusedAtStartup() {
		refusedAtStartup("app.refresh.idle-timeout=0s", "app.refresh", "idleTimeout", "must be positive");
		refusedAtStartup("app.keys.sync-interval=0s", "app.keys", "syncInterval", "must be positive");
		refusedAtStartup("app.keys.publish-lead=-1s", "app.keys", "publishLead", "must be zero or positive");
		refusedAtStartup("app.login-throttle.reset-after=0s", "app.login-throttle", "resetAfter", "must be positive");
	}

	@Test
	void otherNonsenseIsRefusedAtStartup() {
		refusedAtStartup("app.login-throttle.account-free-failures=-1", "app.login-throttle", "accountFreeFailures",
				"must be greater than or equal to 0");
		refusedAtStartup("app.first-party.client-id= ", "app.first-party", "clientId", "must not be blank");
		refusedAtStartup("app.first-party.scopes=", "app.first-party", "scopes", "must not be empty");
	}

	@Test
	void maxDelayShorterThanFirstDelayIsRefusedAtStartup() {
		this.startup.withPropertyValues("app.login-throttle.first-delay=10s", "app.login-throttle.max-delay=5s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("app.login-throttle")
				.hasMessageContaining("max-delay must not be shorter than first-delay"));
		this.startup.withPropertyValues("app.login-throttle.first-delay=10s", "app.login-throttle.max-delay=10s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private final ApplicationContextRunner startup = new ApplicationContextRunner()
		.withUserConfiguration(ValidatedSettings.class);

	private void refusedAtStartup(String setting, String prefix, String field, String reason) {
		this.startup.withPropertyValues(setting)
			.run((context) -> assertThat(context).as(setting)
				.getFailure()
				.rootCause()
				.hasMessageContaining("Binding validation errors on " + prefix)
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining(reason));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ KeysProperties.class, RefreshProperties.class, ThrottleProperties.class,
			FirstPartyProperties.class })
	static class ValidatedSettings {

	}

}
