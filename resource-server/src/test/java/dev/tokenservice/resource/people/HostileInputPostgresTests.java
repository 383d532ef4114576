package dev.tokenservice.resource.people;

import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Hostile input to the people API on a real PostgreSQL, which refuses NUL in text. */
@RequiresPostgres
class HostileInputPostgresTests extends HostileInputContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.springDataSource("resource_server_hostile")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

}
