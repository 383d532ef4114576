package dev.tokenservice.auth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.clients.ClientAdministration;
import dev.tokenservice.auth.clients.ClientRequest;
import dev.tokenservice.auth.clients.ClientView;
import dev.tokenservice.auth.clients.ClientWithSecret;
import dev.tokenservice.auth.config.ClientAdministrationConfig;
import dev.tokenservice.web.ProblemExceptionHandler.InvalidField;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.ErrorResponseException;

/**
 * {@code java -jar auth-server.jar clients list|show ID|create --json FILE|-|disable ID|delete ID|rotate-secret ID
 * [--previous-expires-in PT1H]}: the admin API's client operations against the configured database, with no
 * server running. Set up like {@link KeysCommand} (settings from the environment or {@code --name=value});
 * running servers see a change within {@code app.client-cache-ttl}. A new secret is printed once, on
 * stdout. Exit codes as {@code keys}: 0 done, 1 refused (unknown client, duplicate, invalid client, unreadable
 * file), 2 usage, 3 failed (cannot start: database down; fix the setup).
 */
public final class ClientsCommand {

	static final String USAGE = """
			Usage: java -jar auth-server.jar clients <command>
			  list                     the registered clients (JSON, one page of 1000)
			  show ID                  one client (JSON)
			  create --json FILE|-     register the client described by the JSON file (or stdin): the fields
			                           of POST /api/admin/clients; prints it with its secret, shown this once
			  disable ID               the client gets no more tokens
			  delete ID                the client is deleted (a client of app.clients returns at the next start)
			  rotate-secret ID [--previous-expires-in PT1H]
			                           a new secret, printed once; the previous one works for this long more
			                           (ISO-8601, default PT1H, at most P7D)
			Settings come from the environment (SPRING_DATASOURCE_URL, ...) or --name=value.""";

	private final PrintStream out;

	private final PrintStream err;

	private final InputStream in;

	private final JsonMapper json = JsonMapper.builder().build();

	ClientsCommand(PrintStream out, PrintStream err, InputStream in) {
		this.out = out;
		this.err = err;
		this.in = in;
	}

	/** Runs one command from the process's arguments (after {@code clients}); returns the exit code. */
	public static int main(String[] args) {
		PrintStream out = System.out;
		// the application's log goes to stderr, so stdout holds only the answer (scripts parse it)
		System.setOut(System.err);
		try {
			return new ClientsCommand(out, System.err, System.in).run(args);
		}
		finally {
			System.setOut(out);
		}
	}

	int run(String[] args) {
		List<String> words = new ArrayList<>();
		List<String> settings = new ArrayList<>();
		String jsonFile = null;
		String previousExpiresIn = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if ((arg.equals("--json") || arg.equals("--previous-expires-in")) && i + 1 < args.length) {
				if (arg.equals("--json")) {
					jsonFile = args[++i];
				}
				else {
					previousExpiresIn = args[++i];
				}
			}
			else if (arg.startsWith("--") && arg.contains("=")) {
				settings.add(arg);
			}
			else {
				words.add(arg);
			}
		}
		String command = words.isEmpty() ? "" : words.get(0);
		int arity = switch (command) {
			case "list", "create" -> 1;
			case "show", "disable", "delete", "rotate-secret" -> 2;
			default -> -1;
		};
		if (arity != words.size() || (command.equals("create") != (jsonFile != null))
				|| (previousExpiresIn != null && !command.equals("rotate-secret"))) {
			this.err.println(command.equals("help") || command.isEmpty() ? USAGE : "Unknown or incomplete command\n" + USAGE);
			return command.equals("help") ? 0 : 2;
		}
		Duration overlap;
		ClientRequest request;
		try {
			overlap = (previousExpiresIn != null) ? Duration.parse(previousExpiresIn) : null;
			request = (jsonFile != null) ? this.json.readValue(read(jsonFile), ClientRequest.class) : null;
		}
		catch (DateTimeParseException ex) {
			this.err.println("Refused: --previous-expires-in is not an ISO-8601 duration (PT1H)");
			return 1;
		}
		catch (IOException ex) {
			this.err.println("Cannot read " + jsonFile + " (" + ex.getClass().getSimpleName() + ")");
			return 1;
		}
		catch (JacksonException ex) {
			this.err.println("Refused: " + jsonFile + " is not a client in JSON (" + ex.getOriginalMessage() + ")");
			return 1;
		}
		try (ConfigurableApplicationContext context = KeysCommand.start(Context.class, settings)) {
			ClientAdministration clients = context.getBean(ClientAdministration.class);
			String actor = SecurityEvents.cli();
			switch (command) {
				case "list" -> {
					Page<ClientView> page = clients.list(PageRequest.of(0, 1000));
					print(page.getContent());
				}
				case "show" -> print(clients.find(words.get(1)));
				case "create" -> print(clients.create(request, actor));
				case "disable" -> print(clients.disable(words.get(1), actor));
				case "delete" -> {
					clients.delete(words.get(1), actor);
					this.out.println("Deleted client " + words.get(1));
				}
				default -> print(clients.rotateSecret(words.get(1), overlap, actor));
			}
			return 0;
		}
		catch (ErrorResponseException ex) {
			if (!ex.getStatusCode().is4xxClientError()) {
				this.err.println("Failed: " + ex.getClass().getSimpleName());
				return 3;
			}
			// what the admin API would answer with a 4xx
			this.err.println("Refused: " + ex.getBody().getDetail() + fields(ex));
			return 1;
		}
		catch (RuntimeException ex) {
			// startup failures (database down) were reported by Boot's failure analysis above
			this.err.println("Failed: " + ex.getClass().getSimpleName());
			return 3;
		}
	}

	private static String fields(ErrorResponseException ex) {
		Object errors = (ex.getBody().getProperties() != null) ? ex.getBody().getProperties().get("errors") : null;
		if (!(errors instanceof List<?> list)) {
			return "";
		}
		StringBuilder fields = new StringBuilder();
		for (Object error : list) {
			if (error instanceof InvalidField field) {
				fields.append("\n  ").append(field.field()).append(": ").append(field.message());
			}
		}
		return fields.toString();
	}

	private String read(String file) throws IOException {
		return file.equals("-") ? new String(this.in.readAllBytes(), StandardCharsets.UTF_8)
				: Files.readString(Path.of(file), StandardCharsets.UTF_8);
	}

	private void print(Object value) {
		this.out.println(this.json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
		if (value instanceof ClientWithSecret created && created.clientSecret() != null) {
			this.err.println("The client secret is shown this once: store it now; only its hash is kept.");
		}
	}

	/**
	 * The key command's context and the registered clients, their previous secrets and their administration;
	 * no web server, no client or user bootstrap.
	 */
	@ImportAutoConfiguration(ValidationAutoConfiguration.class)
	@Import({ KeysCommand.Context.class, ClientAdministrationConfig.class })
	public static class Context {

	}

}
