package dev.tokenservice.auth.config;

import java.time.Clock;

import dev.tokenservice.auth.clients.ClientAssertionDecoders;
import dev.tokenservice.auth.clients.UsedClientAssertions;
import dev.tokenservice.auth.issuer.TokensProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * How {@code private_key_jwt} clients' assertions are checked (docs/private-key-jwt.md): the decoders
 * {@code AuthorizationServerConfig} gives SAS's assertion provider, and the store of used {@code jti}s.
 */
@Configuration(proxyBeanMethods = false)
public class ClientAssertionConfig {

	@Bean
	UsedClientAssertions usedClientAssertions(JdbcClient jdbc, TokensProperties tokens) {
		return new UsedClientAssertions(jdbc, tokens.clockSkew());
	}

	@Bean
	ClientAssertionDecoders clientAssertionDecoders(AuthorizationServerSettings settings, UsedClientAssertions used,
			TokensProperties tokens, Clock clock) {
		// the audiences an assertion may name: the issuer or the token endpoint (RFC 7523 §3)
		String tokenEndpoint = UriComponentsBuilder.fromUriString(settings.getIssuer())
			.path(settings.getTokenEndpoint())
			.build()
			.toUriString();
		return new ClientAssertionDecoders(settings.getIssuer(), tokenEndpoint, used, tokens.clockSkew(), clock);
	}

}
