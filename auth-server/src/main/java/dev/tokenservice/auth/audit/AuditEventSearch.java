package dev.tokenservice.auth.audit;

import java.time.Instant;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/** The audit API's search: a repository fragment ({@link AuditEventSearchImpl}). */
interface AuditEventSearch {

	/**
	 * The rows matching every filter given (null: no filter), newest first ({@code at}, then {@code id},
	 * descending) whatever sort {@code pageable} carries.
	 */
	Page<AuditEvent> search(AuditFilter filter, Pageable pageable);

	/**
	 * Exact {@code action}, {@code actor} and {@code target}, and a time range ({@code since} inclusive,
	 * {@code until} exclusive); a null field does not filter.
	 */
	record AuditFilter(String action, String actor, String target, Instant since, Instant until) {

	}

}
