package dev.tokenservice.auth.login;

import org.springframework.test.context.TestPropertySource;

/** The first-party login on the embedded H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:first-party;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class FirstPartyLoginH2Tests extends FirstPartyLoginContract {

}
