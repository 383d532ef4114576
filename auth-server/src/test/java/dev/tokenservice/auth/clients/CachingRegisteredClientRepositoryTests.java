package dev.tokenservice.auth.clients;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenservice.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

class CachingRegisteredClientRepositoryTests {

	private final MutableClock clock = new MutableClock();

	private final CountingRepository database = new CountingRepository(client("service", "read"));

	private final CachingRegisteredClientRepository clients = new CachingRegisteredClientRepository(this.database,
			Duration.ofSeconds(10), this.clock);

	@Test
	void aClientIsReadFromTheDatabaseOncePerTimeToLive() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.clients.findByClientId("service").getScopes()).containsExactly("read");
			assertThat(this.clients.findById("id-service")).isNotNull();
		}
		assertThat(this.database.reads).hasValue(2);

		this.clock.advance(Duration.ofSeconds(11));
		this.clients.findByClientId("service");
		assertThat(this.database.reads).hasValue(3);
	}

	@Test
	void aChangeByAnotherNodeCountsOnceTheTimeToLiveHasPassed() {
		this.clients.findByClientId("service");
		this.database.saveBehindTheCache(client("service", "write"));

		assertThat(this.clients.findByClientId("service").getScopes()).containsExactly("read");
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.clients.findByClientId("service").getScopes()).containsExactly("write");
	}

	@Test
	void aSaveOnThisNodeCountsAtOnce() {
		this.clients.findByClientId("service");
		this.clients.findById("id-service");

		this.clients.save(client("service", "write"));

		assertThat(this.clients.findByClientId("service").getScopes()).containsExactly("write");
		assertThat(this.clients.findById("id-service").getScopes()).containsExactly("write");
	}

	@Test
	void unknownClientsAreNotCached() {
		assertThat(this.clients.findByClientId("later")).isNull();
		this.database.saveBehindTheCache(client("later", "read"));

		assertThat(this.clients.findByClientId("later")).isNotNull();
	}

	@Test
	void aTimeToLiveOfZeroReadsTheDatabaseEachTime() {
		CachingRegisteredClientRepository uncached = new CachingRegisteredClientRepository(this.database,
				Duration.ZERO, this.clock);

		uncached.findByClientId("service");
		uncached.findByClientId("service");

		assertThat(this.database.reads).hasValue(2);
	}

	private static RegisteredClient client(String clientId, String scope) {
		return RegisteredClient.withId("id-" + clientId)
			.clientId(clientId)
			.clientSecret("secret-" + clientId)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope(scope)
			.build();
	}

	private static final class CountingRepository implements RegisteredClientRepository {

		private final InMemoryRegisteredClientRepository rows;

		private final AtomicInteger reads = new AtomicInteger();

		CountingRepository(RegisteredClient client) {
			this.rows = new InMemoryRegisteredClientRepository(client);
		}

		void saveBehindTheCache(RegisteredClient client) {
			this.rows.save(client);
		}

		@Override
		public void save(RegisteredClient client) {
			this.rows.save(client);
		}

		@Override
		public RegisteredClient findById(String id) {
			this.reads.incrementAndGet();
			return this.rows.findById(id);
		}

		@Override
		public RegisteredClient findByClientId(String clientId) {
			this.reads.incrementAndGet();
			return this.rows.findByClientId(clientId);
		}

	}

}
