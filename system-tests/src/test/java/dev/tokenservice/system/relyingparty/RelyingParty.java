package dev.tokenservice.system.relyingparty;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/** A running {@link RelyingPartyApplication}, for the tests that drive it. */
public final class RelyingParty implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	RelyingParty(ConfigurableApplicationContext context, int port) {
		this.context = context;
		this.port = port;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Where the browser starts signing in through {@code registrationId}. */
	public String signInUrl(String registrationId) {
		return url() + "/oauth2/authorization/" + registrationId;
	}

	/**
	 * The tokens the application holds for the user whose {@code sub} is given, as Spring stores them,
	 * or null: the tests compare them before and after a refresh and replay old ones, never print them.
	 */
	public OAuth2AuthorizedClient authorizedClient(String registrationId, String subject) {
		return this.context.getBean(OAuth2AuthorizedClientService.class).loadAuthorizedClient(registrationId, subject);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
