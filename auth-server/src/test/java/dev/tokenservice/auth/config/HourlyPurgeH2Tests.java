package dev.tokenservice.auth.config;

import java.util.Map;

/** The single-node hourly purge on the embedded H2 database. */
class HourlyPurgeH2Tests extends HourlyPurgeContract {

	@Override
	Map<String, String> settings() {
		return Map.of("spring.datasource.url", "jdbc:h2:mem:hourly-purge;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
	}

}
