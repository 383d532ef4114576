package dev.tokenservice.auth.audit;

import java.sql.Timestamp;
import java.time.Instant;

import dev.tokenservice.auth.issuer.ExpiredRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Deletes audit rows older than {@code app.audit.retention}; run by the hourly purge. */
@Component
class AuditPurge implements ExpiredRows {

	private static final Logger logger = LoggerFactory.getLogger(AuditPurge.class);

	private final JdbcClient jdbc;

	private final AuditProperties properties;

	AuditPurge(JdbcClient jdbc, AuditProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "audit events";
	}

	@Override
	public int purge(Instant now) {
		int purged = this.jdbc.sql("delete from audit_event where at < ?")
			.param(Timestamp.from(now.minus(this.properties.retention())))
			.update();
		logger.debug("Purged {} audit events older than {}", purged, this.properties.retention());
		return purged;
	}

}
