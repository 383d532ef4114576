package dev.tokenservice.auth.clients;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** private_key_jwt client authentication on a real PostgreSQL. */
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrivateKeyJwtPostgresTests extends PrivateKeyJwtContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.springDataSource("auth_server_private_key_jwt")
			.forEach((name, value) -> registry.add(name, () -> value));
		String kek = KeyEncryptionKey.generate().toBase64();
		registry.add("app.keys.kek", () -> kek);
	}

}
