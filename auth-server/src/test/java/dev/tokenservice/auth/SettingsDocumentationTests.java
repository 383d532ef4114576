package dev.tokenservice.auth;

import dev.tokenservice.testsupport.SettingsDocumentationContract;

/** docs/settings.md's auth-server section agrees with this server's configuration metadata. */
class SettingsDocumentationTests extends SettingsDocumentationContract {

	SettingsDocumentationTests() {
		super("auth-server");
	}

}
