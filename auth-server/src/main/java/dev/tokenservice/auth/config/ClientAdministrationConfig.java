package dev.tokenservice.auth.config;

import java.time.Clock;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.clients.CachingRegisteredClientRepository;
import dev.tokenservice.auth.clients.ClientAdministration;
import dev.tokenservice.auth.clients.ClientSecrets;
import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.clients.PreviousClientSecrets;
import dev.tokenservice.auth.issuer.TokensProperties;
import jakarta.validation.Validator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registered clients' store (Spring Authorization Server's table behind a short cache), their secrets'
 * encoder, and their administration: shared by the server and the {@code clients} command line.
 */
@Configuration(proxyBeanMethods = false)
public class ClientAdministrationConfig {

	@Bean
	PasswordEncoder clientSecretEncoder() {
		return ClientSecrets.encoder();
	}

	@Bean
	CachingRegisteredClientRepository registeredClientRepository(JdbcOperations jdbc, ClientsProperties clients,
			Clock clock) {
		return new CachingRegisteredClientRepository(new JdbcRegisteredClientRepository(jdbc),
				clients.clientCacheTtl(), clock);
	}

	@Bean
	PreviousClientSecrets previousClientSecrets(JdbcClient jdbc) {
		return new PreviousClientSecrets(jdbc);
	}

	@Bean
	ClientAdministration clientAdministration(CachingRegisteredClientRepository clients,
			PreviousClientSecrets previousSecrets, PasswordEncoder clientSecretEncoder, JdbcClient jdbc,
			TransactionTemplate transactions, SecurityEvents events, Validator validator, ClientsProperties bootstrap,
			TokensProperties tokens, Clock clock) {
		return new ClientAdministration(clients, previousSecrets, clientSecretEncoder, jdbc, transactions, events,
				validator, bootstrap, tokens.accessTokenTimeToLive(), clock);
	}

}
