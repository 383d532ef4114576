package dev.tokenservice.auth.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar auth-server.jar clients ...} against an embedded file database: answers on stdout, the
 * new secret printed once, refusals on stderr with the exit codes of {@code keys}, audit rows by
 * {@code cli:<OS user>}.
 */
class ClientsCommandTests {

	@TempDir
	Path dataDir;

	@Test
	void createShowRotateDisableDeleteAndListWorkWithoutAServer() throws Exception {
		Path file = Files.writeString(this.dataDir.resolve("client.json"), """
				{"clientId": "billing-service", "scopes": ["people:read"], "audiences": ["people-api"],
				 "accessTokenTimeToLive": "PT5M"}""");

		Run created = clients(null, "create", "--json", file.toString());

		assertThat(created.exitCode()).as(created.err()).isZero();
		Map<String, Object> client = JSONObjectUtils.parse(created.out());
		String secret = (String) client.get("clientSecret");
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(client).containsEntry("clientId", "billing-service").containsEntry("accessTokenTimeToLive", "PT5M");
		assertThat(created.err()).contains("shown this once");

		Run shown = clients(null, "show", "billing-service");
		assertThat(shown.exitCode()).as(shown.err()).isZero();
		assertThat(JSONObjectUtils.parse(shown.out())).doesNotContainKey("clientSecret");

		Run rotated = clients(null, "rotate-secret", "billing-service", "--previous-expires-in", "PT2H");
		assertThat(rotated.exitCode()).as(rotated.err()).isZero();
		Map<String, Object> afterRotation = JSONObjectUtils.parse(rotated.out());
		assertThat((String) afterRotation.get("clientSecret")).isNotEqualTo(secret);
		assertThat(afterRotation.get("previousSecretExpiresAt")).isNotNull();

		Run fromStdin = clients("{\"clientId\": \"spa\", \"audiences\": [\"people-api\"], \"authenticationMethods\": [\"none\"],"
				+ " \"grantTypes\": [\"authorization_code\"], \"redirectUris\": [\"https://spa.example.com/cb\"]}",
				"create", "--json", "-");
		assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
		assertThat(JSONObjectUtils.parse(fromStdin.out())).doesNotContainKey("clientSecret");

		Run disabled = clients(null, "disable", "billing-service");
		assertThat(disabled.exitCode()).as(disabled.err()).isZero();
		assertThat(JSONObjectUtils.parse(disabled.out())).containsEntry("disabled", true);

		List<Object> listed = JSONArrayUtils.parse(clients(null, "list").out());
		assertThat(listed).extracting((c) -> (Object) ((Map<?, ?>) c).get("clientId"))
			.containsExactly("billing-service", "spa");

		Run deleted = clients(null, "delete", "billing-service");
		assertThat(deleted.exitCode()).as(deleted.err()).isZero();
		assertThat(deleted.out()).isEqualTo("Deleted client billing-service\n");
		assertThat(clients(null, "show", "billing-service").exitCode()).isEqualTo(1);

		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + this.dataDir + "/auth-server;MODE=PostgreSQL",
				"sa", "");
				ResultSet audit = db.createStatement()
					.executeQuery("select action, actor, target, outcome from audit_event where action like 'client.%' order by id")) {
			List<String> rows = new ArrayList<>();
			while (audit.next()) {
				assertThat(audit.getString(2)).isEqualTo("cli:" + System.getProperty("user.name"));
				rows.add(audit.getString(1) + " " + audit.getString(3));
				assertThat(audit.getString(4)).doesNotContain(secret);
			}
			assertThat(rows).containsExactly("client.created client:billing-service",
					"client.secret_rotated client:billing-service", "client.created client:spa",
					"client.disabled client:billing-service", "client.deleted client:billing-service");
		}
	}

	@Test
	void refusalsAndUsageErrorsHaveTheExitCodesOfKeys() throws Exception {
		assertThat(clients(null, "show", "nobody").exitCode()).isEqualTo(1);
		assertThat(clients(null, "disable", "nobody").exitCode()).isEqualTo(1);
		assertThat(clients(null, "delete", "nobody").exitCode()).isEqualTo(1);
		Path file = Files.writeString(this.dataDir.resolve("public.json"),
				"{\"clientId\": \"public\", \"audiences\": [\"a\"], \"authenticationMethods\": [\"none\"]}");
		Run invalid = clients(null, "create", "--json", file.toString());
		assertThat(invalid.exitCode()).isEqualTo(1);
		assertThat(invalid.err()).startsWith("Refused: ").contains("client: Client 'public': a public client");
		Path twice = Files.writeString(this.dataDir.resolve("svc.json"), "{\"clientId\": \"svc\", \"audiences\": [\"a\"]}");
		assertThat(clients(null, "create", "--json", twice.toString()).exitCode()).isZero();
		assertThat(clients(null, "create", "--json", twice.toString()).exitCode()).isEqualTo(1);
		assertThat(clients(null, "rotate-secret", "svc", "--previous-expires-in", "P30D").exitCode()).isEqualTo(1);
		assertThat(clients(null, "rotate-secret", "svc", "--previous-expires-in", "soon").exitCode()).isEqualTo(1);
		assertThat(clients(null, "create", "--json", this.dataDir.resolve("missing.json").toString()).exitCode())
			.isEqualTo(1);
		Run unreachable = clients(null, "list", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
				"--spring.datasource.hikari.connection-timeout=250", "--spring.datasource.hikari.initialization-fail-timeout=1");
		assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(3);

		for (String[] usage : new String[][] { {}, { "frobnicate" }, { "show" }, { "create" }, { "list", "extra" },
				{ "disable", "x", "--previous-expires-in", "PT1H" } }) {
			Run run = clients(null, usage);
			assertThat(run.exitCode()).as(String.join(" ", usage)).isEqualTo(2);
			assertThat(run.err()).contains("Usage: java -jar auth-server.jar clients");
		}
	}

	private Run clients(String stdin, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] withData = new String[args.length + 1];
		System.arraycopy(args, 0, withData, 0, args.length);
		withData[args.length] = "--app.storage.data-dir=" + this.dataDir;
		int exitCode = new ClientsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8),
				new ByteArrayInputStream((stdin != null ? stdin : "").getBytes(StandardCharsets.UTF_8))).run(withData);
		return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	record Run(int exitCode, String out, String err) {
	}

}
