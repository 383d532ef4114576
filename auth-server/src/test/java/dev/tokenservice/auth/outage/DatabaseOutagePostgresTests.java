package dev.tokenservice.auth.outage;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;
import dev.tokenservice.testsupport.TcpProxy;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tokenservice.testsupport.OutageAssertions.answersServiceUnavailableQuickly;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issuer while its PostgreSQL is out of reach (issue 12): a proxy in front of the real server is
 * cut, as a restart does. Requests that need the database are refused 503 with Retry-After within the
 * pool's connection wait, not a 500 after 30s; readiness goes down; all recovers once it is back.
 */
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutagePostgresTests {

	static final String PASSWORD = "seven quiet herons fold paper maps";

	static final TcpProxy database = TcpProxy.toPostgres();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void throughTheProxy(DynamicPropertyRegistry registry) {
		String url = database.jdbcUrl(PostgresTestDatabase.freshSchema("auth_server_outage"));
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", PostgresTestDatabase::user);
		registry.add("spring.datasource.password", PostgresTestDatabase::password);
		String kek = KeyEncryptionKey.generate().toBase64();
		registry.add("app.keys.kek", () -> kek);
	}

	@AfterAll
	static void reopen() {
		// the cached context outlives this class and closes its pool later
		database.restore();
	}

	@Test
	void whileTheDatabaseIsUnreachableRequestsGet503WithRetryAfterQuicklyAndReadinessIsDown() {
		FirstPartyClient api = new FirstPartyClient(TestHttp.localhost(this.port));
		String email = FirstPartyClient.newEmail("outage");
		assertThat(api.signup(email, PASSWORD).statusCode()).isEqualTo(201);
		String refreshToken = (String) json(api.login(email, PASSWORD, "body")).get("refresh_token");
		assertThat(readiness()).isEqualTo(200);

		database.cut();
		try {
			answersServiceUnavailableQuickly("refresh", () -> api.refreshWithBody(refreshToken));
			answersServiceUnavailableQuickly("login", () -> api.login(email, PASSWORD, "body"));
			answersServiceUnavailableQuickly("signup",
					() -> api.signup(FirstPartyClient.newEmail("outage"), PASSWORD));
			assertThat(readiness()).as("readiness includes the database").isEqualTo(503);
		}
		finally {
			database.restore();
		}

		// the refused refresh changed nothing: the same token works once the database is back
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			HttpResponse<String> refreshed = api.refreshWithBody(refreshToken);
			assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);
	}

	private int readiness() {
		return TestHttp.localhost(this.port).get("/actuator/health/readiness").statusCode();
	}

}
