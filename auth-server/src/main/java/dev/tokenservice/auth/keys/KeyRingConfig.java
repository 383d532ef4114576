package dev.tokenservice.auth.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.config.AuthServerProperties;
import dev.tokenservice.auth.session.RefreshProperties;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.RsaKeys;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing-key ring: its rules, its rows and the node's view of it. Needs only the database, so
 * the {@code keys} command line uses it without the web server.
 */
@Configuration(proxyBeanMethods = false)
public class KeyRingConfig {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	KeyRingPolicy keyRingPolicy(KeysProperties keys, AuthServerProperties.Tokens tokens, ClientsProperties clients,
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

	@Bean
	KeyEncryptionKey keyEncryptionKey(KeysProperties keys, AuthServerProperties.Storage storage,
			DataSourceProperties dataSource) {
		return KeyEncryptionKeyProvider.resolve(keys, dataSource.determineUrl(), storage.dataDir());
	}

	@Bean
	KeyRingStore keyRingStore(SigningKeyRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
			KeyEncryptionKey kek, KeysProperties keys, Clock clock) {
		return new KeyRingStore(repository, jdbc, transactions, kek, () -> RsaKeys.generate(keys.size()), clock);
	}

	@Bean
	KeyRingService keyRingService(KeyRingStore store, KeyRingPolicy policy, KeysProperties keys, Clock clock) {
		return new KeyRingService(store, policy, keys.rotationPeriod(), clock);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(KeyRingService keyRing) {
		return new KeyRingJwkSource(keyRing);
	}

}
