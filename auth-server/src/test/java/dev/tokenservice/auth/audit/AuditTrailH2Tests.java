package dev.tokenservice.auth.audit;

import org.springframework.test.context.TestPropertySource;

/** The audit trail on the embedded H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:audit;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class AuditTrailH2Tests extends AuditTrailContract {

}
