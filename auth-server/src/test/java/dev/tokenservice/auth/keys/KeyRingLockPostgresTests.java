package dev.tokenservice.auth.keys;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.PessimisticLockingFailureException;

import static dev.tokenservice.auth.keys.KeyRingNodes.PUBLISH_LEAD;
import static dev.tokenservice.auth.keys.KeyRingNodes.ROTATION_PERIOD;
import static dev.tokenservice.auth.keys.KeyRingNodes.SYNC_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A node frozen while it holds the key-ring lock (issue 12): the other nodes keep syncing and stay
 * ready, their rotations fail fast instead of queueing behind the lock, and PostgreSQL ends the frozen
 * node's transaction once it has sat idle too long.
 */
@RequiresPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRingLockPostgresTests {

	private static final String SCHEMA = "auth_server_key_ring_lock";

	private final KeyRingNodes nodes = new KeyRingNodes(settings());

	private static Map<String, String> settings() {
		Map<String, String> settings = new HashMap<>(PostgresTestDatabase.springDataSource(SCHEMA));
		settings.put("app.keys.kek", KeyEncryptionKey.generate().toBase64());
		return settings;
	}

	@BeforeEach
	void emptyRing() {
		this.nodes.reset();
	}

	@AfterAll
	void stop() {
		this.nodes.close();
	}

	@Test
	void whileAnotherConnectionHoldsTheRingLockSyncCompletesReadinessStaysUpAndRotationFailsFast() throws Exception {
		KeyRingService node = this.nodes.startNode();
		String signing = node.current().signingKey().getKeyID();
		KeysProperties keys = new KeysProperties(null, 2048, PUBLISH_LEAD, SYNC_INTERVAL, ROTATION_PERIOD);
		KeyRingSync sync = new KeyRingSync(node, keys);
		KeyRingHealthIndicator readiness = new KeyRingHealthIndicator(node, keys, this.nodes.clock);
		// the scheduled rotation is due: the sync will want the lock
		this.nodes.clock.advance(ROTATION_PERIOD);

		try (Connection frozen = holdRingLock()) {
			Instant beforeSync = this.nodes.clock.instant();
			assertTimeoutPreemptively(KeyRingStore.LOCK_TIMEOUT.plusSeconds(3), sync::sync);
			assertThat(node.lastLoaded()).isAfterOrEqualTo(beforeSync);
			assertThat(node.current().signingKey().getKeyID()).as("rotation skipped, not waited for")
				.isEqualTo(signing);
			Health health = readiness.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);

			// long after: the plain re-read that keeps readiness up never touches the lock
			this.nodes.clock.advance(SYNC_INTERVAL.multipliedBy(3));
			assertTimeoutPreemptively(Duration.ofSeconds(1), node::reload);
			assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);

			// an operator's rotation: refused as transient (503 + Retry-After) within the lock timeout
			long started = System.nanoTime();
			assertTimeoutPreemptively(KeyRingStore.LOCK_TIMEOUT.plusSeconds(3),
					() -> assertThatExceptionOfType(PessimisticLockingFailureException.class)
						.isThrownBy(() -> node.rotate(false, "cli:test")));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(KeyRingStore.LOCK_TIMEOUT);
		}

		// the lock is free again: the next sync performs the scheduled rotation
		sync.sync();
		assertThat(node.current().signingKey().getKeyID()).isNotEqualTo(signing);
	}

	@Test
	void postgresEndsTheTransactionOfANodeFrozenWhileHoldingTheRingLock() throws Exception {
		KeyRingStore.Locking quickIdle = new KeyRingStore.Locking(true, KeyRingStore.LOCK_TIMEOUT,
				Duration.ofMillis(500));
		KeyRingStore frozenStore = this.nodes.store(quickIdle);
		KeyRingService other = this.nodes.startNode();
		String signing = other.current().signingKey().getKeyID();
		CountDownLatch thaw = new CountDownLatch(1);
		CountDownLatch locked = new CountDownLatch(1);
		AtomicInteger runs = new AtomicInteger();
		// the second run is the one under the lock (the first is the dry run): it freezes there
		CompletableFuture<KeyRingStore.Changed> frozen = CompletableFuture.supplyAsync(() -> frozenStore
			.change((ring, now, newKeys) -> {
				if (runs.incrementAndGet() == 2) {
					locked.countDown();
					try {
						thaw.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return ring;
			}));
		try {
			assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
			this.nodes.clock.advance(PUBLISH_LEAD);
			// PostgreSQL ends the frozen transaction after its idle timeout; the other node then rotates
			await().atMost(Duration.ofSeconds(10))
				.pollDelay(Duration.ZERO)
				.ignoreException(PessimisticLockingFailureException.class)
				.until(() -> other.rotate(false, "cli:test") != null);
			assertThat(other.current().signingKey().getKeyID()).isNotEqualTo(signing);
		}
		finally {
			thaw.countDown();
		}
		// the frozen node's change did not survive its ended session
		assertThat(frozen).failsWithin(Duration.ofSeconds(10));
	}

	/** Another session, as a frozen node: begins, takes the ring lock, and does nothing. */
	private static Connection holdRingLock() throws Exception {
		Connection connection = DriverManager.getConnection(PostgresTestDatabase.withSchema(SCHEMA),
				PostgresTestDatabase.user(), PostgresTestDatabase.password());
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("select id from key_ring_lock where id = 1 for update").close();
		}
		return connection;
	}

}
