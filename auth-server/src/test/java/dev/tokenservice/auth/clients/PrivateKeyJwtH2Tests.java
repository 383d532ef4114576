package dev.tokenservice.auth.clients;

import org.springframework.boot.test.context.SpringBootTest;

/** private_key_jwt client authentication on the embedded H2 database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:private-key-jwt;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class PrivateKeyJwtH2Tests extends PrivateKeyJwtContract {

}
