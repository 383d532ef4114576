package dev.tokenservice.system.relyingparty;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;

/**
 * The relying party's security as the Spring Security reference documents it: {@code oauth2Login()},
 * RP-initiated logout through {@link OidcClientInitiatedLogoutSuccessHandler}, and an
 * {@link OAuth2AuthorizedClientManager} that renews expired access tokens with the refresh token.
 */
@Configuration(proxyBeanMethods = false)
class RelyingPartySecurityConfig {

	@Bean
	SecurityFilterChain relyingPartySecurity(HttpSecurity http, ClientRegistrationRepository registrations)
			throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/error").permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login((login) -> login
				.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(pkceAlways(registrations))))
			.logout((logout) -> logout.logoutSuccessHandler(rpInitiatedLogout(registrations)));
		return http.build();
	}

	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientRepository authorizedClients, ApplicationEventPublisher events) {
		RefreshTokenOAuth2AuthorizedClientProvider refresh = new RefreshTokenOAuth2AuthorizedClientProvider();
		// lets oauth2Login's listener validate an ID token of a refresh response (OIDC Core 12.2)
		refresh.setApplicationEventPublisher(events);
		DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
				authorizedClients);
		manager.setAuthorizedClientProvider(
				OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().provider(refresh).build());
		return manager;
	}

	@Bean
	ForcedRefresh forcedRefresh(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientRepository authorizedClients, ApplicationEventPublisher events) {
		return new ForcedRefresh(registrations, authorizedClients, events);
	}

	/** The people API with the signed-in user's access token, refreshed by the manager when it expires. */
	@Bean
	RestClient peopleApi(RelyingPartyProperties properties, OAuth2AuthorizedClientManager authorizedClientManager) {
		return RestClient.builder()
			.baseUrl(properties.peopleApi())
			.requestInterceptor(new OAuth2ClientHttpRequestInterceptor(authorizedClientManager))
			.build();
	}

	/**
	 * Spring adds PKCE for public clients only; the auth-server requires it of every client (as OAuth
	 * 2.1 does), so the confidential client sends it too.
	 */
	private static DefaultOAuth2AuthorizationRequestResolver pkceAlways(ClientRegistrationRepository registrations) {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		return resolver;
	}

	private static OidcClientInitiatedLogoutSuccessHandler rpInitiatedLogout(
			ClientRegistrationRepository registrations) {
		OidcClientInitiatedLogoutSuccessHandler handler = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		handler.setPostLogoutRedirectUri("{baseUrl}/");
		return handler;
	}

}
