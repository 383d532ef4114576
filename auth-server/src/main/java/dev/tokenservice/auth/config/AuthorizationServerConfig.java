package dev.tokenservice.auth.config;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenservice.auth.authorization.HashingAuthorizationService;
import dev.tokenservice.auth.authorization.StatelessAccessTokens;
import dev.tokenservice.auth.browser.AuthorizationResponses;
import dev.tokenservice.auth.browser.BrowserSessions;
import dev.tokenservice.auth.browser.RpInitiatedLogout;
import dev.tokenservice.auth.browser.SignUpPrompt;
import dev.tokenservice.auth.clients.CachingRegisteredClientRepository;
import dev.tokenservice.auth.clients.ClientAssertionDecoders;
import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.clients.ConfiguredClients;
import dev.tokenservice.auth.clients.PreviousClientSecrets;
import dev.tokenservice.auth.clients.PreviousSecretAuthentication;
import dev.tokenservice.auth.clients.PublicClientAuthentication;
import dev.tokenservice.auth.exchange.TokenExchangeProvider;
import dev.tokenservice.auth.issuer.AccessTokenClaims;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.issuer.TokensIssued;
import dev.tokenservice.auth.issuer.TokensProperties;
import dev.tokenservice.auth.keys.JwksEndpointFilter;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.keys.KeysProperties;
import dev.tokenservice.auth.session.ClientRefreshTokenAuthenticationProvider;
import dev.tokenservice.auth.session.ClientRefreshTokenRevocationProvider;
import dev.tokenservice.auth.session.CodeReplayRevokingAuthorizationService;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.session.SessionUserInfoProvider;
import dev.tokenservice.auth.session.UserGrantTokenGenerator;
import dev.tokenservice.auth.session.UserTokens;
import dev.tokenservice.auth.token.AccessTokenCustomizer;
import dev.tokenservice.auth.token.CountedTokenResponses;
import dev.tokenservice.auth.token.DefaultScopesClientCredentialsConverter;
import dev.tokenservice.auth.token.DiscoveryMetadata;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.auth.web.CorsProperties;
import dev.tokenservice.auth.web.InvalidClientEntryPoint;
import dev.tokenservice.auth.web.MalformedClientRequestFilter;
import dev.tokenservice.web.RequestLimitsFilter;
import dev.tokenservice.web.RsaJwtDecoders;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.OAuth2AuthorizationEndpointFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Authorization Server: its protocol endpoints, the stores behind them, and the key ring that
 * signs its tokens.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, PasswordEncoder clientSecretEncoder,
			RefreshTokenService sessions, UserService users, RegisteredClientRepository clients,
			AuthorizationServerSettings settings, ClientsProperties configuredClients, CorsProperties cors,
			BrowserSessions browserSessions, RequestCache browserRequestCache, CsrfTokenRepository browserCsrfTokens,
			AuthorizationResponses authorizationResponses, RpInitiatedLogout rpInitiatedLogout,
			TokensIssued tokensIssued, ClientAssertionDecoders clientAssertions, PreviousClientSecrets previousSecrets,
			OAuth2AuthorizationService authorizations, Clock clock, TokenExchangeProvider tokenExchange)
			throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		// SAS's OIDC session tracking calls request.getSession(): our login session is a cookie and a row
		authorizationServer.addObjectPostProcessor(NO_HTTP_SESSION);
		DiscoveryMetadata discovery = new DiscoveryMetadata(configuredClients);
		RequestMatcher tokenEndpoint = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, settings.getTokenEndpoint());
		RequestMatcher revocationEndpoint = PathPatternRequestMatcher.pathPattern(HttpMethod.POST,
				settings.getTokenRevocationEndpoint());
		http.securityMatcher(new OrRequestMatcher(authorizationServer.getEndpointsMatcher(),
				protocolPreflights(settings)))
			.with(authorizationServer, (server) -> server
				// the browser side of the code flow: login, consent, iss in every response, HTML errors
				.authorizationEndpoint((authorize) -> authorize.consentPage("/oauth2/consent")
					.authorizationResponseHandler(authorizationResponses)
					.errorResponseHandler(authorizationResponses))
				.oidc((oidc) -> oidc
					.logoutEndpoint((logout) -> logout.logoutResponseHandler(oidcLogout(rpInitiatedLogout)))
					.providerConfigurationEndpoint((endpoint) -> endpoint
						.providerConfigurationCustomizer((metadata) -> metadata.claims(discovery::apply)))
					// on the access token and its session: a token from a refresh has no SAS authorization row
					.userInfoEndpoint((userInfo) -> userInfo.authenticationProviders((providers) -> {
						providers.clear();
						providers.add(new SessionUserInfoProvider(sessions, users));
					})))
				.authorizationServerMetadataEndpoint((endpoint) -> endpoint
					.authorizationServerMetadataCustomizer((metadata) -> metadata.claims(discovery::apply)))
				.clientAuthentication((clientAuthentication) -> clientAuthentication
					// public clients on a refresh or a revocation: client_id alone
					.authenticationConverter(PublicClientAuthentication.converter(tokenEndpoint, revocationEndpoint))
					.authenticationProviders((providers) -> {
						providers.forEach((provider) -> {
							if (provider instanceof ClientSecretAuthenticationProvider secretProvider) {
								secretProvider.setPasswordEncoder(clientSecretEncoder);
							}
							// private_key_jwt: inline or URL keys, asymmetric only, our audiences, short-lived, single-use
							if (provider instanceof JwtClientAssertionAuthenticationProvider assertionProvider) {
								assertionProvider.setJwtDecoderFactory(clientAssertions);
							}
						});
						// right after SAS's secret check, which it follows when that fails: a rotated-out
						// secret during its overlap (docs/clients.md)
						int secretProvider = providers.indexOf(providers.stream()
							.filter(ClientSecretAuthenticationProvider.class::isInstance)
							.findFirst()
							.orElseThrow());
						providers.add(secretProvider + 1, new PreviousSecretAuthentication(clients, previousSecrets,
								authorizations, clientSecretEncoder, clock));
						providers.add(0, PublicClientAuthentication.provider(clients));
					}))
				.tokenEndpoint((token) -> token
					// each access token of the endpoint counted in auth.tokens.issued
					.accessTokenResponseHandler(new CountedTokenResponses(tokensIssued))
					.accessTokenRequestConverters(
							(converters) -> converters.add(0, new DefaultScopesClientCredentialsConverter()))
					// refresh on our families (rotation, reuse detection, absolute lifetime), public clients too
					.authenticationProviders((providers) -> {
						providers.removeIf(OAuth2RefreshTokenAuthenticationProvider.class::isInstance);
						providers.add(0, new ClientRefreshTokenAuthenticationProvider(sessions));
						// token exchange on our verified access tokens, most of which have no SAS row
						// (TokenExchangeProvider says why SAS's provider does not fit)
						providers.removeIf(OAuth2TokenExchangeAuthenticationProvider.class::isInstance);
						providers.add(0, tokenExchange);
					}))
				.tokenRevocationEndpoint((revocation) -> revocation
					.authenticationProvider(new ClientRefreshTokenRevocationProvider(sessions))))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.cors((corsConfigurer) -> corsConfigurer
				.configurationSource(CorsPolicies.protocol(settings, configuredClients, cors)))
			// the browser's login, saved request and CSRF token: the same as the pages' chain, no HttpSession
			.securityContext((context) -> context.securityContextRepository(browserSessions))
			.requestCache((cache) -> cache.requestCache(browserRequestCache))
			.csrf((csrf) -> csrf.csrfTokenRepository(browserCsrfTokens))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			// a client endpoint called without client credentials: RFC 6749's 401 invalid_client, no redirect;
			// a browser at the authorization endpoint without a login: the login page (sign-up for prompt=create)
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new InvalidClientEntryPoint(),
						InvalidClientEntryPoint.CLIENT_ENDPOINTS)
				.defaultAuthenticationEntryPointFor(SignUpPrompt.entryPoint(), SignUpPrompt.REQUESTS)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			}));
		return http.build();
	}

	/** CORS preflights of the endpoints a browser app calls cross-origin: answered by this chain's CORS. */
	private static RequestMatcher protocolPreflights(AuthorizationServerSettings settings) {
		return new OrRequestMatcher(CorsPolicies.protocolEndpoints(settings)
			.map((path) -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(HttpMethod.OPTIONS, path))
			.toList());
	}

	/** SAS's own RP-initiated logout response (redirect to the registered URI), after ours. */
	private static OidcLogoutAuthenticationSuccessHandler oidcLogout(RpInitiatedLogout rpInitiatedLogout) {
		OidcLogoutAuthenticationSuccessHandler handler = new OidcLogoutAuthenticationSuccessHandler();
		handler.setLogoutHandler(rpInitiatedLogout);
		return handler;
	}

	/** Replaces SAS's OIDC session registration, which creates an HttpSession, by nothing. */
	private static final ObjectPostProcessor<OAuth2AuthorizationEndpointFilter> NO_HTTP_SESSION = new ObjectPostProcessor<>() {

		@Override
		public <O extends OAuth2AuthorizationEndpointFilter> O postProcess(O filter) {
			filter.setSessionAuthenticationStrategy((authentication, request, response) -> {
			});
			return filter;
		}

	};

	@Bean
	FilterRegistrationBean<MalformedClientRequestFilter> malformedClientRequestFilter() {
		// before Spring Security, so the protocol endpoints never see an unparseable form; after the body limit
		FilterRegistrationBean<MalformedClientRequestFilter> registration = new FilterRegistrationBean<>(
				new MalformedClientRequestFilter());
		registration.setOrder(RequestLimitsFilter.ORDER + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<JwksEndpointFilter> jwksEndpointFilter(KeyRingService keyRing,
			AuthorizationServerSettings settings, KeysProperties keys) {
		// the JWKS from prepared bytes, ahead of the security filters it does not need
		FilterRegistrationBean<JwksEndpointFilter> registration = new FilterRegistrationBean<>(
				new JwksEndpointFilter(keyRing, settings.getJwkSetEndpoint(), keys.syncInterval()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(IssuerProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.uri().toString()).build();
	}

	@Bean
	ConfiguredClients configuredClients(CachingRegisteredClientRepository repository, ClientsProperties clients,
			PasswordEncoder clientSecretEncoder, TokensProperties tokens) {
		return new ConfiguredClients(repository, clients, clientSecretEncoder, tokens.accessTokenTimeToLive());
	}

	@Bean
	StatelessAccessTokens statelessAccessTokens(JwtDecoder jwtDecoder, RegisteredClientRepository clients,
			JdbcClient jdbc) {
		return new StatelessAccessTokens(jwtDecoder, clients, jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
			KeyRingService keyRing, StatelessAccessTokens statelessAccessTokens, RefreshTokenService sessions) {
		// a replayed code ends the session its first exchange started (RFC 6749 §4.1.2)
		return new CodeReplayRevokingAuthorizationService(
				new HashingAuthorizationService(jdbc, clients, keyRing, statelessAccessTokens), sessions);
	}

	/**
	 * Code exchanges get user access tokens and client-bound refresh families; client-credentials access
	 * tokens and ID tokens come from SAS's JwtGenerator with this issuer's customizer. (Replaces SAS's
	 * default generators, including the cnf claim of DPoP and certificate-bound tokens: not offered.)
	 */
	@Bean
	OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder, AccessTokenCustomizer customizer,
			UserTokens userTokens, RefreshTokenService sessions, UserService users, Clock clock) {
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setJwtCustomizer(customizer);
		jwtGenerator.setClock(clock);
		return new UserGrantTokenGenerator(jwtGenerator, userTokens, sessions, users);
	}

	@Bean
	JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(jwkSource);
		// the source publishes several keys; only the active one carries its private part
		encoder.setJwkSelector((keys) -> keys.stream().filter(JWK::isPrivate).findFirst().orElseThrow());
		return encoder;
	}

	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, IssuerProperties properties) {
		NimbusJwtDecoder decoder = RsaJwtDecoders.of(jwkSource, AccessTokenClaims.ACCESS_TOKEN_TYPE);
		// RFC 9068 checks (typ at+jwt, required claims, issuer); the issuer serves every audience it
		// issues to, so any non-empty aud is accepted here
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
			.issuer(properties.uri().toString())
			.validators((validators) -> validators.put(JwtClaimNames.AUD,
					new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (aud) -> aud != null && !aud.isEmpty())))
			.build());
		return decoder;
	}

	@Bean
	TokenExchangeProvider tokenExchangeProvider(JwtDecoder jwtDecoder, OAuth2AuthorizationService authorizationService,
			RefreshTokenService sessions, UserService users, UserTokens userTokens, Clock clock) {
		return new TokenExchangeProvider(jwtDecoder, authorizationService, sessions, users, userTokens, clock);
	}

	@Bean
	AccessTokenCustomizer accessTokenCustomizer(UserService users) {
		return new AccessTokenCustomizer(users);
	}

}
