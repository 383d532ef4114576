package dev.tokenservice.auth.browser;

import java.util.Map;

/** What a scope lets an app do, in the words the consent and account pages use. */
final class ScopeDescriptions {

	private static final Map<String, String> WORDS = Map.of("openid", "know who you are (your account id)",
			"email", "see your email address", "roles", "see your roles (user, admin...)", "profile",
			"see your profile", "people:read", "read the people directory", "people:write",
			"add, change and remove people in the directory");

	private ScopeDescriptions() {
	}

	static String of(String scope) {
		return WORDS.getOrDefault(scope, "use \"" + scope + "\"");
	}

}
