package dev.tokenservice.system.relyingparty;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A small web application that signs its users in at our auth-server with Spring Security's
 * {@code oauth2Login()}: a relying party built only from a client library we did not write, configured
 * from the issuer's discovery document as a team following the README would configure it.
 * <p>
 * It has two registrations: {@value #PUBLIC} (authentication method {@code none}, PKCE) and
 * {@value #WEB} (a confidential web client, {@code client_secret_basic}, PKCE as well). It runs
 * in-process on {@code 127.0.0.1}, a different host than the auth-server's {@code localhost}, so the
 * browser keeps the two sites' cookies apart as it would in production.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(RelyingPartyProperties.class)
public class RelyingPartyApplication {

	/** The registration id (and redirect URI path segment) of the public client. */
	public static final String PUBLIC = "public";

	/** The registration id of the confidential web client. */
	public static final String WEB = "web";

	private static final String REGISTRATION = "spring.security.oauth2.client.registration.";

	/**
	 * Starts the application on {@code port}, its provider resolved from {@code issuer}'s discovery
	 * document (so the auth-server must be up), calling the people API at {@code peopleApi}.
	 */
	public static RelyingParty start(int port, String issuer, String peopleApi, ClientIds clients) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", port);
		properties.put("server.address", "127.0.0.1");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.application.name", "relying-party");
		properties.put("spring.security.oauth2.client.provider.tokenservice.issuer-uri", issuer);
		properties.put("relying-party.people-api", peopleApi);
		registration(properties, PUBLIC, clients.publicClientId(), null, "none", "Public client");
		registration(properties, WEB, clients.webClientId(), clients.webClientSecret(), "client_secret_basic",
				"Web client");
		SpringApplicationBuilder application = new SpringApplicationBuilder(RelyingPartyApplication.class)
			.main(RelyingPartyApplication.class)
			.properties(properties);
		return new RelyingParty(application.run(), port);
	}

	private static void registration(Map<String, Object> properties, String id, String clientId, String secret,
			String method, String name) {
		String prefix = REGISTRATION + id + ".";
		properties.put(prefix + "provider", "tokenservice");
		properties.put(prefix + "client-id", clientId);
		if (secret != null) {
			properties.put(prefix + "client-secret", secret);
		}
		properties.put(prefix + "client-authentication-method", method);
		properties.put(prefix + "authorization-grant-type", "authorization_code");
		properties.put(prefix + "redirect-uri", "{baseUrl}/login/oauth2/code/{registrationId}");
		properties.put(prefix + "scope", "openid,email,roles,people:read");
		properties.put(prefix + "client-name", name);
	}

	/** The client ids (and the web client's secret) the auth-server was given for this application. */
	public record ClientIds(String publicClientId, String webClientId, String webClientSecret) {

		@Override
		public String toString() {
			return "ClientIds[public=" + this.publicClientId + ", web=" + this.webClientId + ", secret=(hidden)]";
		}

	}

}
