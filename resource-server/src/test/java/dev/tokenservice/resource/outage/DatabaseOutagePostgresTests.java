package dev.tokenservice.resource.outage;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;
import dev.tokenservice.testsupport.TcpProxy;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tokenservice.testsupport.OutageAssertions.answersServiceUnavailableQuickly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The people API while its PostgreSQL is out of reach (issue 12): a proxy in front of the real server
 * is cut, as a restart does. Reads and writes are refused 503 with Retry-After within the pool's
 * connection wait; readiness goes down; all recovers once the database is back.
 */
@RequiresPostgres
class DatabaseOutagePostgresTests extends ApiTest {

	static final TcpProxy database = TcpProxy.toPostgres();

	@DynamicPropertySource
	static void throughTheProxy(DynamicPropertyRegistry registry) {
		String url = database.jdbcUrl(PostgresTestDatabase.freshSchema("resource_server_outage"));
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", PostgresTestDatabase::user);
		registry.add("spring.datasource.password", PostgresTestDatabase::password);
	}

	@AfterAll
	static void reopen() {
		// the cached context outlives this class and closes its pool later
		database.restore();
	}

	@Test
	void whileTheDatabaseIsUnreachableRequestsGet503WithRetryAfterQuicklyAndReadinessIsDown() {
		String token = this.issuer.token().build();
		assertThat(create(token).statusCode()).isEqualTo(201);
		assertThat(readiness()).isEqualTo(200);

		database.cut();
		try {
			answersServiceUnavailableQuickly("create", () -> create(token));
			answersServiceUnavailableQuickly("list", () -> call("GET", "/api/people", token, null));
			assertThat(readiness()).as("readiness includes the database").isEqualTo(503);
		}
		finally {
			database.restore();
		}

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			HttpResponse<String> created = create(token);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);
	}

	private HttpResponse<String> create(String token) {
		return call("POST", "/api/people", token,
				"{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\"}");
	}

	private int readiness() {
		return TestHttp.localhost(this.port).get("/actuator/health/readiness").statusCode();
	}

}
