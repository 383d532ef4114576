package dev.tokenservice.auth.login;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The reuse leeway on a real PostgreSQL. */
@RequiresPostgres
class ReuseLeewayPostgresTests extends ReuseLeewayContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.springDataSource("auth_server_reuse_leeway")
			.forEach((name, value) -> registry.add(name, () -> value));
		String kek = KeyEncryptionKey.generate().toBase64();
		registry.add("app.keys.kek", () -> kek);
	}

}
