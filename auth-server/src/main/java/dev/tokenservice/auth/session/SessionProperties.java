package dev.tokenservice.auth.session;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * First-party sessions ({@code app.first-party.*}): what the tokens of logged-in users say and how
 * long their refresh tokens live.
 *
 * @param clientId the {@code client_id} claim of first-party access tokens
 * @param audiences the {@code aud} of first-party access tokens
 * @param scopes the scopes every user gets
 * @param absoluteLifetime a login's refresh family ends this long after login, rotation or not
 * @param idleTimeout a refresh token unused this long expires
 * @param reuseLeeway a replay of a just-consumed refresh token within this time gets a fresh pair
 * instead of revoking the family (front ends with several tabs); 0 turns it off
 * @param cookieSecure the {@code Secure} attribute of the refresh cookie
 */
@ConfigurationProperties("app.first-party")
public record SessionProperties(@DefaultValue("first-party") String clientId,
		@DefaultValue("people-api") List<String> audiences, @DefaultValue("people:read,people:write") List<String> scopes,
		@DefaultValue("30d") Duration absoluteLifetime, @DefaultValue("7d") Duration idleTimeout,
		@DefaultValue("0s") Duration reuseLeeway, @DefaultValue("true") boolean cookieSecure) {

}
