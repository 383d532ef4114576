package dev.tokenservice.auth.config;

import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.web.CookieOriginFilter;
import dev.tokenservice.auth.web.CorsProperties;
import dev.tokenservice.web.OpenApiProblems;
import dev.tokenservice.web.ProblemCorsProcessor;
import dev.tokenservice.web.ProblemResponses;
import dev.tokenservice.web.RolesAndScopes;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.CorsFilter;

/**
 * Everything outside the OAuth2 protocol endpoints: the first-party API and the admin API. Stateless;
 * Bearer access tokens of this issuer; the refresh cookie is guarded by SameSite=Strict and an Origin
 * check; every refusal is a problem document.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

	/** Endpoints that take no access token: a stale Bearer header there must not get in the way. */
	private static final RequestMatcher OPEN_AUTH_ENDPOINTS = new OrRequestMatcher(
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/auth/signup"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/auth/login"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/auth/refresh"),
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/auth/logout"),
			OpenApiProblems.publicPaths());

	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http, ProblemResponses problems,
			IssuerProperties properties, CorsProperties cors, ClientsProperties clients, JsonMapper jsonMapper) throws Exception {
		DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();
		// built here rather than with http.cors() so that a refusal is a problem document too (CorsPolicies.api)
		CorsFilter corsFilter = new CorsFilter(CorsPolicies.api(properties, clients, cors));
		corsFilter.setCorsProcessor(new ProblemCorsProcessor(jsonMapper));
		http.authorizeHttpRequests((authorize) -> authorize
			// probes and Prometheus read without a token (docs/metrics.md: keep them off the public port)
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class, PrometheusScrapeEndpoint.class)).permitAll()
			.requestMatchers("/error").permitAll()
			// the OpenAPI document and Swagger UI (docs/api-docs-and-logs.md)
			.requestMatchers(OpenApiProblems.publicPaths()).permitAll()
			.requestMatchers(OPEN_AUTH_ENDPOINTS).permitAll()
			.requestMatchers("/api/admin/**").hasRole("admin")
			.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.bearerTokenResolver((request) -> OPEN_AUTH_ENDPOINTS.matches(request) ? null
						: bearerTokens.resolve(request))
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(RolesAndScopes.jwtAuthenticationConverter()))
				.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.addFilter(corsFilter)
			.addFilterBefore(new CookieOriginFilter(properties.uri(), cors, problems), CorsFilter.class)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// no session cookie authenticates anything; the refresh cookie is checked by CookieOriginFilter
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
