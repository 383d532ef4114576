package dev.tokenservice.auth.config;

import java.util.ArrayList;
import java.util.List;

import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.web.CookieOriginFilter;
import dev.tokenservice.auth.web.CorsProperties;
import dev.tokenservice.auth.web.ProblemCorsProcessor;
import dev.tokenservice.web.ProblemResponses;
import dev.tokenservice.web.RolesAndScopes;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
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
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
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
			PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/auth/logout"));

	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http, ProblemResponses problems,
			IssuerProperties properties, CorsProperties cors, JsonMapper jsonMapper) throws Exception {
		DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();
		// built here rather than with http.cors() so that a refusal is a problem document too
		CorsFilter corsFilter = new CorsFilter(corsConfigurationSource(properties, cors));
		corsFilter.setCorsProcessor(new ProblemCorsProcessor(jsonMapper));
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
			.requestMatchers("/error").permitAll()
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

	/**
	 * Credentialed CORS for the configured origins only (none by default: same-origin). The issuer's own
	 * origin is always allowed: behind a proxy that rewrites Host, a same-origin page would otherwise look
	 * cross-origin.
	 */
	static CorsConfigurationSource corsConfigurationSource(IssuerProperties properties, CorsProperties cors) {
		CorsConfiguration configuration = new CorsConfiguration();
		List<String> origins = new ArrayList<>(cors.allowedOrigins());
		origins.add(CookieOriginFilter.origin(properties.uri()));
		configuration.setAllowedOrigins(origins);
		configuration.addAllowedMethod(HttpMethod.GET);
		configuration.addAllowedMethod(HttpMethod.POST);
		configuration.addAllowedMethod(HttpMethod.PUT);
		configuration.addAllowedMethod(HttpMethod.DELETE);
		configuration.addAllowedHeader("Authorization");
		configuration.addAllowedHeader("Content-Type");
		// a front end reads these to back off (429) or to see why a token was refused (401)
		configuration.addExposedHeader("Retry-After");
		configuration.addExposedHeader("WWW-Authenticate");
		configuration.setAllowCredentials(true);
		configuration.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", configuration);
		return source;
	}

}
