package dev.tokenservice.resource;

import dev.tokenservice.testsupport.SettingsDocumentationContract;

/** docs/settings.md's resource-server section agrees with this server's configuration metadata. */
class SettingsDocumentationTests extends SettingsDocumentationContract {

	SettingsDocumentationTests() {
		super("resource-server");
	}

}
