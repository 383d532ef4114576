package dev.tokenservice.auth.keys;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** KEK rotation on a real PostgreSQL, and a rewrap whose database session is killed half-way. */
@RequiresPostgres
class KekRotationPostgresTests extends KekRotationContract {

	private static final String SCHEMA = "auth_server_kek_rotation";

	@Override
	Map<String, String> database(boolean fresh) {
		return fresh ? PostgresTestDatabase.springDataSource(SCHEMA)
				: Map.of("spring.datasource.url", PostgresTestDatabase.withSchema(SCHEMA), "spring.datasource.username",
						PostgresTestDatabase.user(), "spring.datasource.password", PostgresTestDatabase.password());
	}

	@Test
	void aRewrapWhoseSessionIsKilledAfterTheFirstKeyLosesNoKey() throws Exception {
		ringOfThreeKeysUnder(this.oldKek);
		KeyRingNodes rotating = nodes(this.newKek, this.oldKek);
		List<SigningKey> before = rows(rotating);
		AtomicInteger backend = new AtomicInteger();
		CountDownLatch firstResealed = new CountDownLatch(1);
		CountDownLatch killed = new CountDownLatch(1);

		CompletableFuture<Integer> rewrap = CompletableFuture.supplyAsync(() -> rotating.store.rewrap((kid) -> {
			if (firstResealed.getCount() == 0) {
				return;
			}
			// the session that holds the transaction and the ring lock
			backend.set(rotating.jdbc.sql("select pg_backend_pid()").query(Integer.class).single());
			firstResealed.countDown();
			await(killed);
		}, (count) -> {
		}));
		await(firstResealed);
		// another session sees the ring as it was: nothing is committed half-way
		assertNothingChanged(before, rows(nodes(this.newKek, this.oldKek)));
		try (Connection admin = DriverManager.getConnection(PostgresTestDatabase.url(), PostgresTestDatabase.user(),
				PostgresTestDatabase.password());
				PreparedStatement terminate = admin.prepareStatement("select pg_terminate_backend(?)")) {
			terminate.setInt(1, backend.get());
			terminate.executeQuery();
		}
		killed.countDown();

		assertThat(rewrap).failsWithin(30, TimeUnit.SECONDS);
		KeyRingNodes after = nodes(this.newKek, this.oldKek);
		assertNothingChanged(before, rows(after));
		assertThat(rewrapAudit(after)).isEmpty();
		assertThat(nodes(this.oldKek).startNode().current().signingKey().isPrivate()).isTrue();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
