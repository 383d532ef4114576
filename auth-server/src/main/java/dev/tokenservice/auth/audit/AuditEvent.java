package dev.tokenservice.auth.audit;

import java.time.Instant;

import org.springframework.data.annotation.Id;

/**
 * One row of {@code audit_event} (table and column names derived from the names here). Rows are
 * written by {@link SecurityEvents} and read by the audit API.
 */
record AuditEvent(@Id Long id, Instant at, String action, String actor, String target, String outcome,
		String address) {

	AuditEntry toEntry() {
		return new AuditEntry(this.id, this.at, this.action, this.actor, this.target, this.outcome, this.address);
	}

}
