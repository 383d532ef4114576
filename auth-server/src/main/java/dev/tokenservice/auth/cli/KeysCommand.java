package dev.tokenservice.auth.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.config.KeyRingPolicyConfig;
import dev.tokenservice.auth.issuer.StorageProperties;
import dev.tokenservice.auth.issuer.TokensProperties;
import dev.tokenservice.auth.issuer.ClockConfig;
import dev.tokenservice.auth.keys.KeyImport;
import dev.tokenservice.auth.keys.KeyNotOpenableException;
import dev.tokenservice.auth.keys.KeyRingConfig;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.keys.KeyView;
import dev.tokenservice.auth.keys.KeysProperties;
import dev.tokenservice.auth.keys.SigningKeyRepository;
import dev.tokenservice.auth.session.RefreshProperties;
import dev.tokenservice.keys.KeyDecryptionException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.web.ErrorResponseException;

/**
 * {@code java -jar auth-server.jar keys list [--json] | rotate [--force] | revoke KID | import FILE | rewrap}:
 * the admin API's key operations against the configured database, with no server running (scripts,
 * containers, a first key before the first start). Configured like the server (environment variables,
 * {@code --spring.datasource.url=...}); running servers see the change at their next sync. Exit codes:
 * 0 done, 1 refused (worth a retry later, or a bad key file), 2 usage, 3 failed (cannot start: no KEK,
 * database down; fix the setup).
 */
public final class KeysCommand {

	static final String USAGE = """
			Usage: java -jar auth-server.jar keys <command>
			  list [--json]            the keys of the ring, newest first
			  rotate [--force]         the next key signs, the active key retires, a new next key is published
			                           (--force skips the publish lead: see docs/operating-keys.md before using it)
			  revoke KID               the key leaves the JWKS and nothing it signed is honoured again
			  import FILE              a PEM RSA private key (PKCS#8 or PKCS#1) becomes the next key
			  rewrap                   re-seal every private key under the current key-encryption key (APP_KEYS_KEK);
			                           afterwards the previous ones (APP_KEYS_PREVIOUSKEKS_0, ...) can be removed
			Settings come from the environment (SPRING_DATASOURCE_URL, APP_KEYS_KEK, ...) or --name=value.""";

	private final PrintStream out;

	private final PrintStream err;

	KeysCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** Runs one command from the process's arguments (after {@code keys}); returns the exit code. */
	public static int main(String[] args) {
		PrintStream out = System.out;
		// the application's log goes to stderr, so stdout holds only the answer (scripts parse it)
		System.setOut(System.err);
		try {
			return new KeysCommand(out, System.err).run(args);
		}
		finally {
			System.setOut(out);
		}
	}

	int run(String[] args) {
		List<String> words = new ArrayList<>();
		List<String> settings = new ArrayList<>();
		boolean json = false;
		boolean force = false;
		for (String arg : args) {
			switch (arg) {
				case "--json" -> json = true;
				case "--force" -> force = true;
				default -> {
					if (arg.startsWith("--") && arg.contains("=")) {
						settings.add(arg);
					}
					else {
						words.add(arg);
					}
				}
			}
		}
		String command = words.isEmpty() ? "" : words.get(0);
		int arity = switch (command) {
			case "list", "rotate", "rewrap" -> 1;
			case "revoke", "import" -> 2;
			default -> -1;
		};
		if (arity != words.size() || (json && !command.equals("list"))
				|| (force && !command.equals("rotate"))) {
			this.err.println(command.equals("help") || command.isEmpty() ? USAGE : "Unknown or incomplete command\n" + USAGE);
			return command.equals("help") ? 0 : 2;
		}
		try (ConfigurableApplicationContext context = start(Context.class, settings)) {
			KeyRingService keyRing = context.getBean(KeyRingService.class);
			switch (command) {
				case "list" -> {
					print(keyRing.keys(), json);
					long underPrevious = keyRing.keys().stream().filter((key) -> !key.sealedUnderCurrentKek()).count();
					if (!json && underPrevious > 0) {
						this.err.println(underPrevious + " of these keys are not sealed under the current "
								+ "key-encryption key: run `keys rewrap` before removing a previous one");
					}
				}
				case "rewrap" -> this.out.println("Re-sealed " + keyRing.rewrap(SecurityEvents.cli())
						+ " private keys under the current key-encryption key");
				case "rotate" -> {
					keyRing.rotate(force, SecurityEvents.cli());
					print(keyRing.keys(), false);
				}
				case "revoke" -> {
					keyRing.revoke(words.get(1), SecurityEvents.cli());
					print(keyRing.keys(), false);
				}
				default -> {
					String pem = Files.readString(Path.of(words.get(1)), StandardCharsets.US_ASCII);
					this.out.println("Imported " + keyRing.importKey(KeyImport.read(pem), SecurityEvents.cli()).kid() + " as the next key");
				}
			}
			return 0;
		}
		catch (KeyNotOpenableException ex) {
			// a setting to fix (the KEK the key was sealed under), not a refusal worth a retry
			this.err.println("Failed: " + ex.getBody().getDetail());
			return 3;
		}
		catch (ErrorResponseException ex) {
			if (!ex.getStatusCode().is4xxClientError()) {
				return failed(ex);
			}
			// what the admin API would answer with a 4xx: the ring refused the request
			this.err.println("Refused: " + ex.getBody().getDetail());
			return 1;
		}
		catch (IOException ex) {
			this.err.println("Cannot read " + words.get(1) + " (" + ex.getClass().getSimpleName() + ")");
			return 1;
		}
		catch (KeyDecryptionException ex) {
			// names the kid only, never a value
			this.err.println("Failed: " + ex.getMessage());
			return 3;
		}
		catch (RuntimeException ex) {
			return failed(ex);
		}
	}

	private int failed(RuntimeException ex) {
		// startup failures (no KEK, database down) were reported by Boot's failure analysis above
		this.err.println("Failed: " + ex.getClass().getSimpleName());
		return 3;
	}

	/** A context of {@code source} without web server, quiet, with the caller's settings last (they win). */
	static ConfigurableApplicationContext start(Class<?> source, List<String> settings) {
		List<String> arguments = new ArrayList<>();
		// an argument, since application.yml would override a default; the caller's own setting comes later and wins
		arguments.add("--logging.level.root=WARN");
		arguments.add("--logging.level.org.flywaydb=ERROR");
		arguments.addAll(settings);
		return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(arguments.toArray(String[]::new));
	}

	private void print(List<KeyView> keys, boolean json) {
		if (json) {
			this.out.println(JsonMapper.builder().build().writeValueAsString(keys));
			return;
		}
		String format = "%-44s %-8s %-5s %-5s %-20s %-20s %-20s %-20s %s%n";
		this.out.printf(format, "KID", "STATE", "ALG", "SIZE", "CREATED", "ACTIVATED", "RETIRED", "REVOKED",
				"PUBLISHED");
		for (KeyView key : keys) {
			this.out.printf(format, key.kid(), key.state(), key.algorithm(), key.size(), time(key.createdAt()),
					time(key.activatedAt()), time(key.retiredAt()), time(key.revokedAt()), key.published() ? "yes" : "no");
		}
	}

	private static String time(Instant instant) {
		return (instant == null) ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

	/**
	 * The database and the key ring, nothing else: no web server, no scheduler, no client or user
	 * bootstrap. Not a {@code @Configuration}, so the server's component scan leaves it alone. Public:
	 * tests start several nodes' key rings on one database with it.
	 */
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
			FlywayAutoConfiguration.class, DataJdbcRepositoriesAutoConfiguration.class })
	@EnableConfigurationProperties({ KeysProperties.class, TokensProperties.class,
			StorageProperties.class, ClientsProperties.class, RefreshProperties.class })
	@EnableJdbcRepositories(basePackageClasses = SigningKeyRepository.class)
	@Import({ ClockConfig.class, KeyRingPolicyConfig.class, KeyRingConfig.class, SecurityEvents.class })
	public static class Context {

	}

}
