package dev.tokenservice.auth.exchange;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Token exchange on a real PostgreSQL. */
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenExchangePostgresTests extends TokenExchangeContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.springDataSource("auth_server_token_exchange")
			.forEach((name, value) -> registry.add(name, () -> value));
		String kek = KeyEncryptionKey.generate().toBase64();
		registry.add("app.keys.kek", () -> kek);
	}

}
