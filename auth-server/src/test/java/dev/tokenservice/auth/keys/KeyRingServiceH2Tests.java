package dev.tokenservice.auth.keys;

import java.util.Map;

/** The key-ring rules of several nodes on the embedded H2 database. */
class KeyRingServiceH2Tests extends KeyRingServiceContract {

	@Override
	Map<String, String> settings() {
		return Map.of("spring.datasource.url", "jdbc:h2:mem:key-ring-nodes;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
	}

}
