package dev.tokenservice.auth.clients;

import java.time.Clock;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * {@code client_secret_basic} and {@code client_secret_post} with the client's previous secret, during the
 * overlap after a rotation. Placed right after Spring Authorization Server's own
 * {@link ClientSecretAuthenticationProvider} in its {@code ProviderManager}, which tries the next provider
 * when one throws: so this runs only when the current secret did not match. It is SAS's own provider
 * again, over a view of the repository in which the client's secret is its previous one (while it has not
 * expired by the injected clock): the secret check, PKCE of a code exchange and SAS's errors stay SAS's.
 * Without a valid previous secret it answers nothing and SAS's {@code invalid_client} stands.
 */
public final class PreviousSecretAuthentication implements AuthenticationProvider {

	private final RegisteredClientRepository clients;

	private final PreviousClientSecrets previousSecrets;

	private final Clock clock;

	private final ClientSecretAuthenticationProvider withPreviousSecret;

	public PreviousSecretAuthentication(RegisteredClientRepository clients, PreviousClientSecrets previousSecrets,
			OAuth2AuthorizationService authorizations, PasswordEncoder secrets, Clock clock) {
		this.clients = clients;
		this.previousSecrets = previousSecrets;
		this.clock = clock;
		this.withPreviousSecret = new ClientSecretAuthenticationProvider(new PreviousSecretView(), authorizations);
		this.withPreviousSecret.setPasswordEncoder(secrets);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		ClientAuthenticationMethod method = request.getClientAuthenticationMethod();
		if ((!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
				&& !ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) || request.getCredentials() == null) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId(request.getPrincipal().toString());
		if (client == null || previousSecret(client).isEmpty()) {
			return null;
		}
		Authentication authenticated = this.withPreviousSecret.authenticate(request);
		// the authenticated client as stored, not the view with the previous secret
		return new OAuth2ClientAuthenticationToken(client, method, authenticated.getCredentials());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private Optional<String> previousSecret(RegisteredClient client) {
		return this.previousSecrets.valid(client.getId(), this.clock.instant());
	}

	/** The clients as SAS's provider sees them here: with the previous secret, nothing saved. */
	private final class PreviousSecretView implements RegisteredClientRepository {

		@Override
		public void save(RegisteredClient registeredClient) {
			// SAS saves only to upgrade a secret's encoding: the previous secret's hash is not upgraded
		}

		@Override
		public RegisteredClient findById(String id) {
			return view(PreviousSecretAuthentication.this.clients.findById(id));
		}

		@Override
		public RegisteredClient findByClientId(String clientId) {
			return view(PreviousSecretAuthentication.this.clients.findByClientId(clientId));
		}

		private RegisteredClient view(RegisteredClient client) {
			if (client == null) {
				return null;
			}
			return previousSecret(client)
				.map((hash) -> RegisteredClient.from(client).clientSecret(hash).clientSecretExpiresAt(null).build())
				.orElse(null);
		}

	}

}
