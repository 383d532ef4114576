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
		String url = PostgresTestDatabase.freshSchema("resource_server_people");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", PostgresTestDatabase::user);
		registry.add("spring.datasource.password", PostgresTestDatabase::password);
	}

}
