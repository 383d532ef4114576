package dev.tokenservice.auth.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONArrayUtils;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.PemKeys;
import dev.tokenservice.keys.RsaKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar auth-server.jar keys ...} against an embedded file database, as an operator or a
 * container entry point runs it: answers on stdout, refusals on stderr with their exit codes.
 */
class KeysCommandTests {

	@TempDir
	Path dataDir;

	@Test
	void listRotateRevokeAndImportWorkWithoutAServer() throws Exception {
		Run list = keys("list", "--json");
		assertThat(list.exitCode()).as(list.err()).isZero();
		List<Map<String, Object>> keys = json(list.out());
		assertThat(keys).extracting((key) -> key.get("state")).containsExactly("next", "active");
		String next = (String) keys.get(0).get("kid");
		String active = (String) keys.get(1).get("kid");

		Run early = keys("rotate");
		assertThat(early.exitCode()).isEqualTo(1);
		assertThat(early.err()).contains("Refused").contains("may sign from");

		Run forced = keys("rotate", "--force", "--app.keys.sync-interval=1ms");
		assertThat(forced.exitCode()).as(forced.err()).isZero();
		assertThat(forced.out()).contains("KID").containsPattern(next + "\\s+active")
			.containsPattern(active + "\\s+retired");

		Run revoked = keys("revoke", active);
		assertThat(revoked.exitCode()).as(revoked.err()).isZero();
		assertThat(revoked.out()).containsPattern(active + "\\s+revoked");

		Path pem = Files.writeString(this.dataDir.resolve("key.pem"), PemKeys.writePrivateKey(RsaKeys.generate()));
		Run imported = keys("import", pem.toString());
		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(imported.out()).startsWith("Imported ").contains("as the next key");
		assertThat(json(keys("list", "--json").out())).extracting((key) -> key.get("state"))
			.containsExactly("next", "active", "revoked", "revoked");
		for (Run run : List.of(list, forced, revoked, imported)) {
			assertThat(run.out() + run.err()).doesNotContain("PRIVATE KEY").doesNotContain("\"d\"");
		}
	}

	@Test
	void refusalsAndUsageErrorsHaveTheirOwnExitCodes() throws Exception {
		assertThat(keys("revoke", "no-such-kid").exitCode()).isEqualTo(1);
		Path notAKey = Files.writeString(this.dataDir.resolve("not-a-key.pem"), "hello");
		Run badImport = keys("import", notAKey.toString());
		assertThat(badImport.exitCode()).isEqualTo(1);
		assertThat(badImport.err()).contains("Refused");
		assertThat(keys("import", this.dataDir.resolve("missing.pem").toString()).exitCode()).isEqualTo(1);
		Run unreachable = keys("list", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
				"--app.keys.kek=" + KeyEncryptionKey.generate().toBase64(), "--spring.datasource.hikari.connection-timeout=250",
				"--spring.datasource.hikari.initialization-fail-timeout=1");
		assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(3);
		assertThat(unreachable.err()).startsWith("Failed: ");

		for (String[] usage : new String[][] { {}, { "frobnicate" }, { "revoke" }, { "list", "--force" },
				{ "rotate", "extra" } }) {
			Run run = keys(usage);
			assertThat(run.exitCode()).as(String.join(" ", usage)).isEqualTo(2);
			assertThat(run.err()).contains("Usage: java -jar auth-server.jar keys");
		}
	}

	@Test
	void rewrapReSealsEveryKeyUnderTheNewKekAndNeverPrintsAKek() throws Exception {
		String oldKek = KeyEncryptionKey.generate().toBase64();
		String newKek = KeyEncryptionKey.generate().toBase64();
		Run created = keys("list", "--app.keys.kek=" + oldKek);
		assertThat(created.exitCode()).as(created.err()).isZero();
		String revoked = (String) json(keys("list", "--json", "--app.keys.kek=" + oldKek).out()).get(0).get("kid");
		assertThat(keys("revoke", revoked, "--app.keys.kek=" + oldKek).exitCode()).isZero();

		Run newAlone = keys("list", "--app.keys.kek=" + newKek);
		assertThat(newAlone.exitCode()).isEqualTo(3);
		Run before = keys("list", "--app.keys.kek=" + newKek, "--app.keys.previous-keks[0]=" + oldKek);
		assertThat(before.exitCode()).as(before.err()).isZero();
		assertThat(before.err()).contains("3 of these keys are not sealed under the current key-encryption key");
		assertThat(json(keys("list", "--json", "--app.keys.kek=" + newKek, "--app.keys.previous-keks=" + oldKek).out()))
			.extracting((key) -> key.get("sealedUnderCurrentKek"))
			.containsOnly(false);

		Run rewrap = keys("rewrap", "--app.keys.kek=" + newKek, "--app.keys.previous-keks=" + oldKek);
		assertThat(rewrap.exitCode()).as(rewrap.err()).isZero();
		assertThat(rewrap.out()).isEqualTo("Re-sealed 3 private keys under the current key-encryption key\n");
		Run again = keys("rewrap", "--app.keys.kek=" + newKek, "--app.keys.previous-keks=" + oldKek);
		assertThat(again.out()).startsWith("Re-sealed 0 private keys");
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + this.dataDir + "/auth-server;MODE=PostgreSQL", "sa", "");
				ResultSet audit = db.createStatement()
					.executeQuery("select actor, outcome from audit_event where action = 'kek.rewrapped' order by id")) {
			assertThat(audit.next()).isTrue();
			assertThat(audit.getString(1)).isEqualTo("cli:" + System.getProperty("user.name"));
			assertThat(audit.getString(2)).isEqualTo("rewrapped 3 keys");
		}

		Run after = keys("list", "--app.keys.kek=" + newKek);
		assertThat(after.exitCode()).as(after.err()).isZero();
		assertThat(after.err()).doesNotContain("not sealed under");
		assertThat(json(keys("list", "--json", "--app.keys.kek=" + newKek).out()))
			.extracting((key) -> key.get("sealedUnderCurrentKek"))
			.containsOnly(true);
		assertThat(keys("list", "--app.keys.kek=" + oldKek).exitCode()).as("the old KEK opens nothing now").isEqualTo(3);
		Run wrongPrevious = keys("rewrap", "--app.keys.kek=" + KeyEncryptionKey.generate().toBase64(),
				"--app.keys.previous-keks=" + oldKek);
		assertThat(wrongPrevious.exitCode()).isEqualTo(3);
		for (Run run : List.of(created, newAlone, before, rewrap, again, after, wrongPrevious)) {
			assertThat(run.out() + run.err()).doesNotContain(oldKek).doesNotContain(newKek)
				.doesNotContain(oldKek.substring(0, 20)).doesNotContain(newKek.substring(0, 20));
		}
	}

	private Run keys(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] withData = new String[args.length + 1];
		System.arraycopy(args, 0, withData, 0, args.length);
		// each test its own file database, as a fresh installation has
		withData[args.length] = "--app.storage.data-dir=" + this.dataDir;
		int exitCode = new KeysCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(withData);
		return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> json(String out) throws ParseException {
		return JSONArrayUtils.parse(out.trim()).stream().map((key) -> (Map<String, Object>) key).toList();
	}

	record Run(int exitCode, String out, String err) {
	}

}
