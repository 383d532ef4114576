package dev.tokenservice.auth.keys;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.tokenservice.auth.AuthServerApplication;
import dev.tokenservice.testsupport.TestHttp;
import dev.tokenservice.auth.support.TokenVerifier;
import dev.tokenservice.keys.KeyDecryptionException;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.tokenservice.testsupport.TestHttp.form;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whole application starts and restarts on one database: what the first start creates (keys,
 * clients) the second one finds, so tokens issued before a restart stay valid after it.
 */
class RestartKeepsKeysAndClientsTests {

	static final String CLIENT = "demo-service";

	static final String SECRET = "demo-service-secret-change-me";

	@Test
	void embeddedFileDatabaseKeepsJwksAndClientsAcrossRestart(@TempDir Path dataDir) {
		Map<String, Object> settings = Map.of("app.storage.data-dir", dataDir.toString());

		Issued first = startIssueAndStop(settings);
		assertThat(dataDir.resolve("kek")).exists();
		Issued second = startIssueAndStop(settings);

		assertThat(second.jwks()).isEqualTo(first.jwks());
		TokenVerifier.verify(first.token(), second.jwks());
	}

	@Test
	void embeddedDatabaseServerRestartedThroughAKekRotationKeepsItsJwksAndSigns(@TempDir Path dataDir) {
		kekRotationKeepsJwksAndSigning(Map.of("app.storage.data-dir", dataDir.toString()));
	}

	/**
	 * Started under an old KEK; restarted with a new KEK and the old one as previous, rewrapped;
	 * restarted with the new KEK alone: the same JWKS throughout, and every token verifies.
	 */
	static void kekRotationKeepsJwksAndSigning(Map<String, Object> database) {
		String oldKek = KeyEncryptionKey.generate().toBase64();
		String newKek = KeyEncryptionKey.generate().toBase64();
		Map<String, Object> underOld = new HashMap<>(database);
		underOld.put("app.keys.kek", oldKek);
		Issued first = startIssueAndStop(underOld);

		Map<String, Object> rotating = new HashMap<>(database);
		rotating.put("app.keys.kek", newKek);
		rotating.put("app.keys.previous-keks[0]", oldKek);
		try (ConfigurableApplicationContext context = start(rotating)) {
			assertThat(context.getBean(KeyRingService.class).rewrap("cli:test")).isEqualTo(2);
		}

		Map<String, Object> underNew = new HashMap<>(database);
		underNew.put("app.keys.kek", newKek);
		Issued second = startIssueAndStop(underNew);
		assertThat(second.jwks()).isEqualTo(first.jwks());
		TokenVerifier.verify(first.token(), second.jwks());
		TokenVerifier.verify(second.token(), second.jwks());
		assertThatThrownBy(() -> start(underOld).close()).as("the old KEK opens nothing any more")
			.hasRootCauseInstanceOf(KeyDecryptionException.class);
	}

	@Nested
	@RequiresPostgres
	@ExtendWith(OutputCaptureExtension.class)
	class OnPostgres {

		@Test
		void postgresServerRestartedThroughAKekRotationKeepsItsJwksAndSigns() {
			kekRotationKeepsJwksAndSigning(Map.of("spring.datasource.url",
					PostgresTestDatabase.freshSchema("auth_server_kek_restart"), "spring.datasource.username",
					PostgresTestDatabase.user(), "spring.datasource.password", PostgresTestDatabase.password()));
		}

		@Test
		void postgresKeepsJwksAndClientsAcrossRestart() {
			Map<String, Object> settings = Map.of("spring.datasource.url",
					PostgresTestDatabase.freshSchema("auth_server_restart"), "spring.datasource.username",
					PostgresTestDatabase.user(), "spring.datasource.password", PostgresTestDatabase.password(),
					"app.keys.kek", KeyEncryptionKey.generate().toBase64());

			Issued first = startIssueAndStop(settings);
			Issued second = startIssueAndStop(settings);

			assertThat(second.jwks()).isEqualTo(first.jwks());
			TokenVerifier.verify(first.token(), second.jwks());
		}

		@Test
		void postgresWithoutKekRefusesToStartWithClearMessage(CapturedOutput output) {
			Map<String, Object> settings = Map.of("spring.datasource.url",
					PostgresTestDatabase.freshSchema("auth_server_no_kek"), "spring.datasource.username",
					PostgresTestDatabase.user(), "spring.datasource.password", PostgresTestDatabase.password(),
					"app.keys.kek", "");

			assertThatThrownBy(() -> start(settings).close()).hasRootCauseInstanceOf(
					MissingKeyEncryptionKeyException.class);
			assertThat(output.getAll()).contains("APP_KEYS_KEK (app.keys.kek) is required")
				.contains("openssl rand -base64 32");
		}

		@Test
		void postgresWithWrongKekCannotOpenExistingKeys() {
			String url = PostgresTestDatabase.freshSchema("auth_server_wrong_kek");
			Map<String, Object> settings = Map.of("spring.datasource.url", url, "spring.datasource.username",
					PostgresTestDatabase.user(), "spring.datasource.password", PostgresTestDatabase.password(),
					"app.keys.kek", KeyEncryptionKey.generate().toBase64());
			start(settings).close();

			Map<String, Object> otherKek = new HashMap<>(settings);
			otherKek.put("app.keys.kek", KeyEncryptionKey.generate().toBase64());
			assertThatThrownBy(() -> start(otherKek).close())
				.hasRootCauseInstanceOf(KeyDecryptionException.class);
		}

	}

	static Issued startIssueAndStop(Map<String, Object> settings) {
		try (ConfigurableApplicationContext context = start(settings)) {
			TestHttp http = TestHttp.localhost(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
			HttpResponse<String> token = http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
					CLIENT, SECRET);
			assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
			return new Issued(http.get("/oauth2/jwks").body(), (String) json(token).get("access_token"));
		}
	}

	static ConfigurableApplicationContext start(Map<String, Object> settings) {
		// as command-line arguments: builder "properties" are defaults that application.yml overrides
		String[] arguments = Stream.concat(Stream.of("--server.port=0"), settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue()))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(AuthServerApplication.class).run(arguments);
	}

	record Issued(String jwks, String token) {
	}

}
