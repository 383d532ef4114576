package dev.tokenservice.auth.audit;

import java.time.Instant;

/** One audit row as the API shows it. */
public record AuditEntry(long id, Instant at, String action, String actor, String target, String outcome,
		String address) {

}
