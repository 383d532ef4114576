package dev.tokenservice.resource.people;

import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The people API on a real PostgreSQL. */
@RequiresPostgres
class PeopleApiPostgresTests extends PeopleApiContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.springDataSource("resource_server_people")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

}
