package dev.tokenservice.auth;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import dev.tokenservice.auth.admin.BootstrapUsersProperties;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.issuer.StorageProperties;
import dev.tokenservice.auth.issuer.TokensProperties;
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
 * RenamedSettings runs as it does in the server, over the real application.yml.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenamedSettingsTests {

	@Test
	void oldEnvironmentVariablesStillWork(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Map.of("APP_ISSUER", "http://issuer.example:9000",
				"APP_DATA_DIR", "./target/renamed-data", "APP_DEMO_USER_EMAIL", "user@example.com",
				"APP_DEMO_USER_PASSWORD", "violet tangerine bicycle harbor", "APP_BOOTSTRAP_ADMIN_EMAIL",
				"admin@example.com"))) {
			// a scalar's old name (app.issuer) becomes a nested property of the same prefix (app.issuer.uri)
			assertThat(context.getBean(IssuerProperties.class).uri())
				.isEqualTo(URI.create("http://issuer.example:9000"));
			assertThat(context.getBean(StorageProperties.class).dataDir())
				.isEqualTo(Path.of("target/renamed-data"));
			// application.yml's datasource URL reads the new name
			assertThat(context.getEnvironment().getProperty("spring.datasource.url"))
				.startsWith("jdbc:h2:file:./target/renamed-data/auth-server;");
			BootstrapUsersProperties bootstrap = context.getBean(BootstrapUsersProperties.class);
			assertThat(bootstrap.demoUser().email()).isEqualTo("user@example.com");
			assertThat(bootstrap.demoUser().password()).isEqualTo("violet tangerine bicycle harbor");
			assertThat(bootstrap.admin().email()).isEqualTo("admin@example.com");
		}
		assertThat(output).contains("Setting APP_ISSUER (app.issuer) in 'systemEnvironment' is deprecated: it was "
				+ "renamed app.issuer.uri (APP_ISSUER_URI). The old name still works for now.")
			.contains("Setting APP_DATA_DIR (app.data-dir) in 'systemEnvironment' is deprecated: it was renamed "
					+ "app.storage.data-dir (APP_STORAGE_DATADIR)")
			.contains("Setting APP_DEMO_USER_EMAIL (app.demo-user.email) in 'systemEnvironment' is deprecated: it "
					+ "was renamed app.bootstrap.demo-user.email (APP_BOOTSTRAP_DEMOUSER_EMAIL)")
			.contains("renamed app.bootstrap.demo-user.password");
		// APP_BOOTSTRAP_ADMIN_EMAIL was the old variable of app.bootstrap-admin.email and is the new one of
		// app.bootstrap.admin.email
		assertThat(output).doesNotContain("app.bootstrap-admin.email");
	}

	@Test
	void oldPropertiesStillWork(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Map.of(), "--app.issuer=http://old.example",
				"--app.bootstrap-admin.email=root@example.com")) {
			assertThat(context.getBean(IssuerProperties.class).uri()).isEqualTo(URI.create("http://old.example"));
			assertThat(context.getBean(BootstrapUsersProperties.class).admin().email()).isEqualTo("root@example.com");
		}
		assertThat(output).contains("Setting app.issuer in 'commandLineArgs' is deprecated: it was renamed "
				+ "app.issuer.uri (APP_ISSUER_URI)")
			.contains("Setting app.bootstrap-admin.email in 'commandLineArgs' is deprecated: it was renamed "
					+ "app.bootstrap.admin.email (APP_BOOTSTRAP_ADMIN_EMAIL)");
	}

	@Test
	void newNamesWinWhenBothAreSet(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(
				Map.of("APP_ISSUER", "http://old.example", "APP_ISSUER_URI", "http://new.example"),
				"--app.data-dir=./target/old-data", "--app.storage.data-dir=./target/new-data")) {
			assertThat(context.getBean(IssuerProperties.class).uri()).isEqualTo(URI.create("http://new.example"));
			assertThat(context.getBean(StorageProperties.class).dataDir())
				.isEqualTo(Path.of("target/new-data"));
		}
		assertThat(output).contains("Setting APP_ISSUER (app.issuer) in 'systemEnvironment' is ignored: it was "
				+ "renamed app.issuer.uri (APP_ISSUER_URI), which is set")
			.contains("Setting app.data-dir in 'commandLineArgs' is ignored");
	}

	private static ConfigurableApplicationContext start(Map<String, Object> variables, String... arguments) {
		return EnvironmentSettings.start(Settings.class, variables, arguments);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ IssuerProperties.class, StorageProperties.class,
			BootstrapUsersProperties.class })
	static class Settings {

	}

}
