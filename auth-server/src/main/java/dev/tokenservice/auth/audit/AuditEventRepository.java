package dev.tokenservice.auth.audit;

import org.springframework.data.repository.Repository;

/** The audit rows, read through {@link AuditEventSearch}; written by {@link SecurityEvents}. */
interface AuditEventRepository extends Repository<AuditEvent, Long>, AuditEventSearch {

}
