package dev.tokenservice.auth.exchange;

import org.springframework.boot.test.context.SpringBootTest;

/** Token exchange on the embedded H2 database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:token-exchange;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class TokenExchangeH2Tests extends TokenExchangeContract {

}
