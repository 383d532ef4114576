package dev.tokenservice.auth.keys;

import java.util.HashMap;
import java.util.Map;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

/** The key-ring rules of several nodes on a real PostgreSQL. */
@RequiresPostgres
class KeyRingServicePostgresTests extends KeyRingServiceContract {

	@Override
	Map<String, String> settings() {
		Map<String, String> settings = new HashMap<>(PostgresTestDatabase.springDataSource("auth_server_key_ring"));
		settings.put("app.keys.kek", KeyEncryptionKey.generate().toBase64());
		return settings;
	}

}
