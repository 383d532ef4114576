package dev.tokenservice.auth.token;

import org.springframework.boot.test.context.SpringBootTest;

/** The OAuth2 endpoints on the embedded H2 database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:token-endpoint;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class TokenEndpointH2Tests extends TokenEndpointContract {

}
