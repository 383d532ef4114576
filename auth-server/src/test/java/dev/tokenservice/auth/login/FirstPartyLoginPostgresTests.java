package dev.tokenservice.auth.login;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The first-party login on a real PostgreSQL. */
@RequiresPostgres
class FirstPartyLoginPostgresTests extends FirstPartyLoginContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.springDataSource("auth_server_first_party")
			.forEach((name, value) -> registry.add(name, () -> value));
		String kek = KeyEncryptionKey.generate().toBase64();
		registry.add("app.keys.kek", () -> kek);
	}

}
