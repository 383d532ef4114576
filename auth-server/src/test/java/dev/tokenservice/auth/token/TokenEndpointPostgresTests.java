package dev.tokenservice.auth.token;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The OAuth2 endpoints on a real PostgreSQL. */
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenEndpointPostgresTests extends TokenEndpointContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		String url = PostgresTestDatabase.freshSchema("auth_server_token_endpoint");
		String kek = KeyEncryptionKey.generate().toBase64();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", PostgresTestDatabase::user);
		registry.add("spring.datasource.password", PostgresTestDatabase::password);
		registry.add("app.keys.kek", () -> kek);
	}

}
