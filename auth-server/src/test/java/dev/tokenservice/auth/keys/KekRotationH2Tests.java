package dev.tokenservice.auth.keys;

import java.util.Map;
import java.util.UUID;

/** KEK rotation on the embedded H2 database. */
class KekRotationH2Tests extends KekRotationContract {

	private final String name = "kek-rotation-" + UUID.randomUUID();

	@Override
	Map<String, String> database(boolean fresh) {
		// a database per test; DB_CLOSE_DELAY keeps it while the test's contexts come and go
		return Map.of("spring.datasource.url", "jdbc:h2:mem:" + this.name + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
	}

}
