package dev.tokenservice.auth.clients;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registered clients bootstrapped from configuration ({@code app.clients[i].*}, so that
 * {@code APP_CLIENTS_0_CLIENTID} works, and {@code app.client-cache-ttl}).
 * <p>
 * The only record bound to the bare {@code app} prefix, and on purpose: operators, docker-compose and the
 * tests set the indexed list bindings ({@code APP_CLIENTS_0_CLIENTID}...), and Spring Boot cannot rename
 * indexed list entries for them. Every other setting has a prefix of its own under {@code app}.
 *
 * @param clients the backend services
 * @param clientCacheTtl how long a node keeps a registered client it read from the database before
 * reading it again: a client changed by another node (restarted with new configuration) counts here
 * after at most this long; 0 turns the cache off
 */
@Validated
@ConfigurationProperties("app")
public record ClientsProperties(@DefaultValue List<@Valid Client> clients,
		@DefaultValue("10s") Duration clientCacheTtl) {

	/**
	 * One backend service.
	 *
	 * @param clientId the public client identifier
	 * @param clientSecret given in clear here, stored hashed; at least 16 characters because machine
	 * secrets are hashed with a fast digest, which is only safe for high-entropy secrets
	 * @param scopes scopes the client may ask for
	 * @param audiences values of {@code aud} in its access tokens (resource servers it may call)
	 * @param grantTypes {@code client_credentials}: configured clients are backend services
	 * @param authenticationMethods {@code client_secret_basic} and/or {@code client_secret_post}
	 * @param accessTokenTimeToLive lifetime of its access tokens; empty means {@code app.tokens}' default
	 */
	public record Client(@NotBlank String clientId, @NotBlank @Size(min = 16) String clientSecret,
			@DefaultValue List<String> scopes, @NotEmpty List<String> audiences,
			@DefaultValue("client_credentials") List<@Pattern(regexp = "client_credentials") String> grantTypes,
			@DefaultValue("client_secret_basic") List<@Pattern(
					regexp = "client_secret_basic|client_secret_post") String> authenticationMethods,
			Duration accessTokenTimeToLive) {

		@Override
		public String toString() {
			return "Client[clientId=" + this.clientId + ", clientSecret=(hidden), scopes=" + this.scopes
					+ ", audiences=" + this.audiences + "]";
		}

	}

}
