package dev.tokenservice.resource.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import dev.tokenservice.web.ProblemResponses;
import dev.tokenservice.web.RolesAndScopes;

/**
 * Who may do what: reading needs scope {@code people:read}, writing {@code people:write}, deleting
 * role {@code admin}. Stateless Bearer tokens only; every refusal is a problem document.
 * <p>
 * {@code app.security.authorization-enabled=false} (default {@code true}) swaps this for a chain that
 * lets every request to the people API through without looking at any token: the benchmark measures
 * the cost of token validation as the ratio of the two on the same build. Never for production.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

	static final String AUTHORIZATION_ENABLED = "app.security.authorization-enabled";

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfig.class);

	@Bean
	@ConditionalOnBooleanProperty(name = AUTHORIZATION_ENABLED, matchIfMissing = true)
	SecurityFilterChain securityFilterChain(HttpSecurity http, ResourceServerProperties properties,
			ProblemResponses problems) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
			.requestMatchers("/error").permitAll()
			.requestMatchers(HttpMethod.GET, "/api/people", "/api/people/*").hasAuthority("SCOPE_people:read")
			.requestMatchers(HttpMethod.POST, "/api/people").hasAuthority("SCOPE_people:write")
			.requestMatchers(HttpMethod.PUT, "/api/people/*").hasAuthority("SCOPE_people:write")
			.requestMatchers(HttpMethod.DELETE, "/api/people/*").hasRole("admin")
			.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.bearerTokenResolver(new LengthLimitedBearerTokenResolver(properties.maxTokenLength()))
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(RolesAndScopes.jwtAuthenticationConverter()))
				// RFC 9728 metadata (Spring serves it by default): name our issuer and scopes, and no mTLS binding
				.protectedResourceMetadata((metadata) -> metadata
					.protectedResourceMetadataCustomizer((resource) -> resource
						.authorizationServer(properties.issuerUri().toString())
						.scope("people:read")
						.scope("people:write")
						.tlsClientCertificateBoundAccessTokens(false)))
				.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Bearer tokens only, no cookies: nothing for CSRF to ride on
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	/** Benchmarks only: the people API without authentication or authorization; anything else is denied. */
	@Bean
	@ConditionalOnBooleanProperty(name = AUTHORIZATION_ENABLED, havingValue = false)
	SecurityFilterChain openSecurityFilterChain(HttpSecurity http) throws Exception {
		logger.warn("{}=false: /api/people is open to anyone and no token is checked (benchmarks only)",
				AUTHORIZATION_ENABLED);
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
			.requestMatchers("/error").permitAll()
			.requestMatchers("/api/people", "/api/people/*").permitAll()
			.anyRequest().denyAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
