package dev.tokenservice.auth.session;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the access tokens of logged-in users say ({@code app.first-party.*}).
 *
 * @param clientId the {@code client_id} claim: the first-party front ends count as one client
 * @param audiences the {@code aud} claim: the resource servers users may call
 * @param scopes the scopes every user gets
 */
@Validated
@ConfigurationProperties("app.first-party")
public record FirstPartyProperties(@NotBlank @DefaultValue("first-party") String clientId,
		@NotEmpty @DefaultValue("people-api") List<String> audiences,
		@NotEmpty @DefaultValue({ "people:read", "people:write" }) List<String> scopes) {

}
