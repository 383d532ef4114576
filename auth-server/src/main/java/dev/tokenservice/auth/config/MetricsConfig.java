package dev.tokenservice.auth.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.issuer.TokensIssued;
import dev.tokenservice.auth.session.FirstPartyProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The counter of issued tokens, with every configured client and its grant types registered up front:
 * the first-party front ends ({@code password}: the login, {@code refresh_token}) and each client of
 * {@code app.clients} (a code-flow client also gets refresh tokens). The gauges bind themselves
 * ({@code KeyRingMetrics}, {@code LiveSessions}); docs/metrics.md lists them all.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfig {

	@Bean
	TokensIssued tokensIssued(MeterRegistry registry, ClientsProperties clients, FirstPartyProperties firstParty) {
		Map<String, Set<String>> grants = new LinkedHashMap<>();
		grants.put(firstParty.clientId(), Set.of("password", "refresh_token"));
		for (ClientsProperties.Client client : clients.clients()) {
			Set<String> types = new LinkedHashSet<>(client.grantTypes());
			if (types.contains("authorization_code")) {
				types.add("refresh_token");
			}
			grants.merge(client.clientId(), types, (a, b) -> {
				Set<String> both = new LinkedHashSet<>(a);
				both.addAll(b);
				return both;
			});
		}
		return new TokensIssued(registry, grants);
	}

}
