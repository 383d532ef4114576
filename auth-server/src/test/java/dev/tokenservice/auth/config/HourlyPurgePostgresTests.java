package dev.tokenservice.auth.config;

import java.util.HashMap;
import java.util.Map;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.testsupport.PostgresTestDatabase;
import dev.tokenservice.testsupport.RequiresPostgres;

/** The single-node hourly purge on a real PostgreSQL. */
@RequiresPostgres
class HourlyPurgePostgresTests extends HourlyPurgeContract {

	@Override
	Map<String, String> settings() {
		Map<String, String> settings = new HashMap<>(PostgresTestDatabase.springDataSource("auth_server_hourly_purge"));
		settings.put("app.keys.kek", KeyEncryptionKey.generate().toBase64());
		return settings;
	}

}
