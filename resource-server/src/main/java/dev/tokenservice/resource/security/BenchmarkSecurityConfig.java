package dev.tokenservice.resource.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Benchmarks only, never production: with the {@code benchmark} profile
 * ({@code --spring.profiles.active=benchmark}, bench/run's second resource server) this chain replaces
 * {@link SecurityConfig}'s and lets every request to the people API through without looking at any
 * token; anything else but health is denied. The benchmark measures the cost of token validation as the
 * ratio of the two on the same build.
 */
@Configuration(proxyBeanMethods = false)
@Profile(BenchmarkSecurityConfig.PROFILE)
class BenchmarkSecurityConfig {

	static final String PROFILE = "benchmark";

	private static final Logger logger = LoggerFactory.getLogger(BenchmarkSecurityConfig.class);

	@Bean
	SecurityFilterChain openSecurityFilterChain(HttpSecurity http) throws Exception {
		logger.warn("Profile '{}' is active: /api/people is open to anyone and no token is checked "
				+ "(benchmarks only, never production)", PROFILE);
		http.authorizeHttpRequests((authorize) -> authorize
			// probes and Prometheus read without a token (docs/metrics.md: keep them off the public port)
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class, PrometheusScrapeEndpoint.class)).permitAll()
			.requestMatchers("/error").permitAll()
			.requestMatchers("/api/people", "/api/people/*").permitAll()
			.anyRequest().denyAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
