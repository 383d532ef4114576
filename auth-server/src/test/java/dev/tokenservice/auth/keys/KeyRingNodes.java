package dev.tokenservice.auth.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.cli.KeysCommand;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.keys.KeyEncryptionKeys;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.RsaKeys;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several auth-server nodes' key rings on one database, without web servers: the command line's
 * context (database, Flyway, the ring's store) and one {@link KeyRingService} per node, as each JVM
 * would have its own. Time is a {@link MutableClock} shared by the nodes.
 */
final class KeyRingNodes implements AutoCloseable {

	static final Duration PUBLISH_LEAD = Duration.ofMinutes(10);

	static final Duration SYNC_INTERVAL = Duration.ofSeconds(10);

	static final Duration ACCESS_TOKEN_TTL = Duration.ofMinutes(10);

	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

	static final Duration ROTATION_PERIOD = Duration.ofDays(30);

	private final ConfigurableApplicationContext context;

	final MutableClock clock;

	final KeyRingStore store;

	final KeyRingPolicy policy;

	final JdbcClient jdbc;

	KeyRingNodes(Map<String, String> settings) {
		List<String> arguments = new ArrayList<>(List.of("--app.keys.publish-lead=" + PUBLISH_LEAD,
				"--app.keys.sync-interval=" + SYNC_INTERVAL, "--app.keys.rotation-period=" + ROTATION_PERIOD,
				"--app.tokens.access-token-time-to-live=" + ACCESS_TOKEN_TTL, "--app.tokens.clock-skew=" + CLOCK_SKEW,
				"--app.refresh.absolute-lifetime=" + REFRESH_LIFETIME, "--app.storage.data-dir=./target/test-data"));
		settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		this.context = new SpringApplicationBuilder(KeysCommand.Context.class, MutableClockConfig.class)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
		this.clock = this.context.getBean(MutableClock.class);
		this.store = this.context.getBean(KeyRingStore.class);
		this.policy = this.context.getBean(KeyRingPolicy.class);
		this.jdbc = this.context.getBean(JdbcClient.class);
	}

	/** An empty ring and the clock at now, as before the first node ever started. */
	void reset() {
		this.clock.reset();
		this.jdbc.sql("delete from signing_key").update();
	}

	/** A node starting: it creates the ring if there is none, and reads it. */
	KeyRingService startNode() {
		return new KeyRingService(this.store, this.policy, ROTATION_PERIOD, this.clock, this.events());
	}

	KeyRingService startNode(Duration rotationPeriod) {
		return new KeyRingService(this.store, this.policy, rotationPeriod, this.clock, this.events());
	}

	/**
	 * A node whose key generation takes {@code generationTime} of the clock (a busy machine); the clock's
	 * time after each key is made goes to {@code madeAt}.
	 */
	KeyRingService startNodeWithSlowKeyGeneration(Duration generationTime, List<Instant> madeAt) {
		KeyRingStore slowStore = new KeyRingStore(this.context.getBean(SigningKeyRepository.class), this.jdbc,
				this.context.getBean(TransactionTemplate.class), this.context.getBean(KeyEncryptionKeys.class), () -> {
					RSAKey key = RsaKeys.generate();
					this.clock.advance(generationTime);
					madeAt.add(this.clock.instant());
					return key;
				}, this.clock, locking());
		return new KeyRingService(slowStore, this.policy, ROTATION_PERIOD, this.clock, this.events());
	}

	/** The audit trail and counters of the nodes (no MeterRegistry here, as on the command line). */
	SecurityEvents events() {
		return this.context.getBean(SecurityEvents.class);
	}

	/** The ring lock's timeouts of a node on this database. */
	KeyRingStore.Locking locking() {
		return KeyRingStore.Locking.of(this.context.getBean(DataSource.class));
	}

	/** A node whose ring store waits on and holds the ring lock as {@code locking} says. */
	KeyRingService startNode(KeyRingStore.Locking locking) {
		return new KeyRingService(store(locking), this.policy, ROTATION_PERIOD, this.clock, this.events());
	}

	/** A ring store that waits on and holds the ring lock as {@code locking} says. */
	KeyRingStore store(KeyRingStore.Locking locking) {
		return new KeyRingStore(this.context.getBean(SigningKeyRepository.class), this.jdbc,
				this.context.getBean(TransactionTemplate.class), this.context.getBean(KeyEncryptionKeys.class),
				RsaKeys::generate, this.clock, locking);
	}

	/** A ring store of this database that seals and opens with {@code keks} instead of the configured KEKs. */
	KeyRingStore store(KeyEncryptionKeys keks) {
		return new KeyRingStore(this.context.getBean(SigningKeyRepository.class), this.jdbc,
				this.context.getBean(TransactionTemplate.class), keks, RsaKeys::generate, this.clock, locking());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
