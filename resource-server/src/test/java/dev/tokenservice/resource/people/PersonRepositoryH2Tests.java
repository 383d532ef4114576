package dev.tokenservice.resource.people;

import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;

/** On the embedded H2 that replaces the configured database. */
@DataJdbcTest
class PersonRepositoryH2Tests extends PersonRepositoryContract {

}
