package dev.tokenservice.auth.session;

import org.springframework.test.context.TestPropertySource;

/** The token-endpoint side of the code flow on the embedded H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:code-flow;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class CodeFlowH2Tests extends CodeFlowContract {

}
