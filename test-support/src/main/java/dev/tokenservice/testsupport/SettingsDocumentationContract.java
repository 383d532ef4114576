package dev.tokenservice.testsupport;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/settings.md's section of one server agrees with the configuration metadata the build generates
 * from its settings records (web-support's {@code app.crypto.*} included): each {@code app.*} setting
 * documented exactly once, with its canonical environment variable and the metadata's default, no row
 * for a setting that does not exist, and every deprecated name under "Renamed settings". Each server's
 * test extends this with its section's name; Maven runs tests in the module directory.
 */
public abstract class SettingsDocumentationContract {

	private final DocumentedSettings docs;

	protected SettingsDocumentationContract(String server) {
		this.docs = DocumentedSettings.of(Path.of("../docs/settings.md"), server, getClass().getClassLoader());
	}

	@Test
	void everySettingIsDocumentedExactlyOnce() {
		assertThat(this.docs.settings()).containsKey("app.crypto.native-provider");
		assertThat(this.docs.notDocumentedExactlyOnce()).isEmpty();
	}

	@Test
	void noRowDocumentsASettingThatDoesNotExist() {
		assertThat(this.docs.unknownRows()).isEmpty();
	}

	@Test
	void variablesAreTheCanonicalRelaxedForm() {
		assertThat(this.docs.wrongVariables()).isEmpty();
	}

	@Test
	void defaultsAreTheMetadatas() {
		assertThat(this.docs.wrongDefaults()).isEmpty();
	}

	@Test
	void renamedSettingsAreListed() {
		assertThat(this.docs.wrongRenamedSettings()).isEmpty();
	}

}
