package dev.tokenservice.auth.session;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the access tokens of logged-in users say ({@code app.first-party.*}).
 *
 * @param clientId the {@code client_id} claim: the first-party front ends count as one client
 * @param audiences the {@code aud} claim: the resource servers users may call
 * @param scopes the scopes every user gets
 */
@ConfigurationProperties("app.first-party")
public record FirstPartyProperties(@DefaultValue("first-party") String clientId,
		@DefaultValue("people-api") List<String> audiences, @DefaultValue("people:read,people:write") List<String> scopes) {

	public FirstPartyProperties {
		if (clientId == null || clientId.isBlank() || audiences.isEmpty() || scopes.isEmpty()) {
			throw new IllegalArgumentException(
					"app.first-party.client-id, .audiences and .scopes must not be empty");
		}
	}

}
