package dev.tokenservice.resource;

import java.nio.file.Path;

import dev.tokenservice.testsupport.DocumentedSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/settings.md's resource-server section agrees with the configuration metadata the build generates
 * from the settings records (web-support's app.crypto.* included): each app.* setting documented exactly
 * once, with its canonical environment variable and the metadata's default, no row for a setting that
 * does not exist, and every deprecated name under "Renamed settings". Maven runs tests in the module
 * directory.
 */
class SettingsDocumentationTests {

	private final DocumentedSettings docs = DocumentedSettings.of(Path.of("../docs/settings.md"),
			"resource-server", getClass().getClassLoader());

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
