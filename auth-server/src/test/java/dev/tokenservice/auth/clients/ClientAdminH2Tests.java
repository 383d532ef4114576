package dev.tokenservice.auth.clients;

import org.springframework.test.context.TestPropertySource;

/** Client administration on the embedded H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:client-admin;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class ClientAdminH2Tests extends ClientAdminContract {

}
