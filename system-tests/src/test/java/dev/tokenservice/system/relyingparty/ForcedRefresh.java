package dev.tokenservice.system.relyingparty;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * Renews the signed-in user's tokens now rather than when the access token expires: Spring's own
 * {@link RefreshTokenOAuth2AuthorizedClientProvider} with a clock skew longer than any access token
 * lives, so that every call counts the token as expired. A failed refresh removes the authorized
 * client, as Spring's default failure handler does.
 */
class ForcedRefresh {

	private final DefaultOAuth2AuthorizedClientManager manager;

	ForcedRefresh(ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository authorizedClients,
			ApplicationEventPublisher events) {
		RefreshTokenOAuth2AuthorizedClientProvider refresh = new RefreshTokenOAuth2AuthorizedClientProvider();
		refresh.setClockSkew(Duration.ofDays(365));
		refresh.setApplicationEventPublisher(events);
		this.manager = new DefaultOAuth2AuthorizedClientManager(registrations, authorizedClients);
		this.manager.setAuthorizedClientProvider(refresh);
	}

	/** The renewed client; throws Spring's {@code ClientAuthorizationException} when the server refuses. */
	OAuth2AuthorizedClient refresh(OAuth2AuthenticationToken user, HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizeRequest authorize = OAuth2AuthorizeRequest
			.withClientRegistrationId(user.getAuthorizedClientRegistrationId())
			.principal(user)
			.attribute(HttpServletRequest.class.getName(), request)
			.attribute(HttpServletResponse.class.getName(), response)
			.build();
		return this.manager.authorize(authorize);
	}

}
