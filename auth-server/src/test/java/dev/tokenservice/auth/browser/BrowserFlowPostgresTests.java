package dev.tokenservice.auth.browser;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The browser side of the code flow on a real PostgreSQL. */
@RequiresPostgres
class BrowserFlowPostgresTests extends BrowserFlowContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.springDataSource("auth_server_browser_flow")
			.forEach((name, value) -> registry.add(name, () -> value));
		String kek = KeyEncryptionKey.generate().toBase64();
		registry.add("app.keys.kek", () -> kek);
	}

}
