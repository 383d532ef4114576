package dev.tokenservice.resource.security;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.tokenservice.web.OpenApiProblems;
import dev.tokenservice.web.ProblemResponses;
import dev.tokenservice.web.RolesAndScopes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what: reading needs scope {@code people:read}, writing {@code people:write}, deleting
 * role {@code admin}. Stateless Bearer tokens only; every refusal is a problem document. Cross-origin
 * calls from the configured origins only ({@link ApiCors}).
 * <p>
 * Only the benchmarks' {@code benchmark} profile replaces this chain ({@link BenchmarkSecurityConfig}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

	@Bean
	@Profile("!" + BenchmarkSecurityConfig.PROFILE)
	SecurityFilterChain securityFilterChain(HttpSecurity http, IssuerProperties issuer, TokensProperties tokens,
			ProblemResponses problems, CorsProperties cors, JsonMapper jsonMapper, TokenMetrics metrics,
			JwtDecoder jwtDecoder, VerifiedTokenCache verifiedTokens) throws Exception {
		// before the token checks: a preflight carries no token
		ApiCors.filter(cors, jsonMapper).ifPresent(http::addFilter);
		http.authorizeHttpRequests((authorize) -> authorize
			// probes and Prometheus read without a token (docs/metrics.md: keep them off the public port)
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class, PrometheusScrapeEndpoint.class)).permitAll()
			.requestMatchers("/error").permitAll()
			// the OpenAPI document and Swagger UI (docs/api-docs-and-logs.md)
			.requestMatchers(OpenApiProblems.publicPaths()).permitAll()
			.requestMatchers(HttpMethod.GET, "/api/people", "/api/people/*").hasAuthority("SCOPE_people:read")
			.requestMatchers(HttpMethod.POST, "/api/people").hasAuthority("SCOPE_people:write")
			.requestMatchers(HttpMethod.PUT, "/api/people/*").hasAuthority("SCOPE_people:write")
			.requestMatchers(HttpMethod.DELETE, "/api/people/*").hasRole("admin")
			.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.bearerTokenResolver(docsWithoutToken(new LengthLimitedBearerTokenResolver(tokens.maxLength(), metrics)))
				// a token accepted before skips the verifier and the conversion of its claims (VerifiedTokenCache)
				.jwt((jwt) -> jwt.authenticationManager(
						verifiedTokens.authenticationManager(jwtDecoder, RolesAndScopes.jwtAuthenticationConverter())))
				// RFC 9728 metadata (Spring serves it by default): name our issuer and scopes, and no mTLS binding
				.protectedResourceMetadata((metadata) -> metadata
					.protectedResourceMetadataCustomizer((resource) -> resource
						.authorizationServer(issuer.uri().toString())
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

	/** The API documentation takes no token: a stale Bearer header there must not make it a 401. */
	private static BearerTokenResolver docsWithoutToken(BearerTokenResolver resolver) {
		RequestMatcher docs = OpenApiProblems.publicPaths();
		return (request) -> docs.matches(request) ? null : resolver.resolve(request);
	}

}
