package dev.tokenservice.auth.config;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.issuer.TokensProperties;
import dev.tokenservice.auth.keys.KeysProperties;
import dev.tokenservice.auth.session.RefreshProperties;
import dev.tokenservice.keys.KeyRingPolicy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key ring's timing rules, from the settings of the tokens it signs: the ring itself knows
 * nothing of clients or sessions. Shared by the server and the {@code keys} command line.
 */
@Configuration(proxyBeanMethods = false)
public class KeyRingPolicyConfig {

	@Bean
	KeyRingPolicy keyRingPolicy(KeysProperties keys, TokensProperties tokens, ClientsProperties clients,
			RefreshProperties refresh) {
		// a retired key stays published until the longest-lived access token it may have signed expires
		Duration longestAccessToken = Stream
			.concat(Stream.of(tokens.accessTokenTimeToLive()),
					clients.clients().stream().map(ClientsProperties.Client::accessTokenTimeToLive))
			.filter(Objects::nonNull)
			.max(Duration::compareTo)
			.orElseThrow();
		return new KeyRingPolicy(keys.publishLead(), keys.propagation(), longestAccessToken,
				refresh.absoluteLifetime(), tokens.clockSkew());
	}

}
