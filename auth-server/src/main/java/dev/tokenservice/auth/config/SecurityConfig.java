package dev.tokenservice.auth.config;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/** Everything outside the protocol endpoints: stateless, Bearer tokens of this issuer, health open. */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
			.requestMatchers("/error").permitAll()
			.anyRequest().authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			}));
		return http.build();
	}

}
