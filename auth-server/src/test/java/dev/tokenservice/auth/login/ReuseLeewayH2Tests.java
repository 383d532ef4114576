package dev.tokenservice.auth.login;

import org.springframework.test.context.TestPropertySource;

/** The reuse leeway on the embedded H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:reuse-leeway;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class ReuseLeewayH2Tests extends ReuseLeewayContract {

}
