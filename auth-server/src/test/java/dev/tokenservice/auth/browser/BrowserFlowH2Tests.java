package dev.tokenservice.auth.browser;

import org.springframework.test.context.TestPropertySource;

/** The browser side of the code flow on the embedded H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:browser-flow;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class BrowserFlowH2Tests extends BrowserFlowContract {

}
