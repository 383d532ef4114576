package dev.tokenservice.auth.keys;

import java.time.Clock;

import javax.sql.DataSource;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.issuer.StorageProperties;
import dev.tokenservice.keys.KeyEncryptionKeys;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.RsaKeys;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing-key ring: its rows and the node's view of it. Needs only the database, a clock and the
 * ring's {@link KeyRingPolicy} (given by whoever knows the tokens it signs), so the {@code keys}
 * command line uses it without the web server.
 */
@Configuration(proxyBeanMethods = false)
public class KeyRingConfig {

	@Bean
	KeyEncryptionKeys keyEncryptionKeys(KeysProperties keys, StorageProperties storage,
			DataSourceProperties dataSource) {
		return KeyEncryptionKeyProvider.resolveAll(keys, dataSource.determineUrl(), storage.dataDir());
	}

	@Bean
	KeyRingStore keyRingStore(SigningKeyRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
			KeyEncryptionKeys keks, KeysProperties keys, Clock clock, DataSource dataSource) {
		return new KeyRingStore(repository, jdbc, transactions, keks, () -> RsaKeys.generate(keys.size()), clock,
				KeyRingStore.Locking.of(dataSource));
	}

	@Bean
	KeyRingService keyRingService(KeyRingStore store, KeyRingPolicy policy, KeysProperties keys, Clock clock,
			SecurityEvents events) {
		return new KeyRingService(store, policy, keys.rotationPeriod(), clock, events);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(KeyRingService keyRing) {
		return KeyRingJwkSource.published(keyRing);
	}

}
