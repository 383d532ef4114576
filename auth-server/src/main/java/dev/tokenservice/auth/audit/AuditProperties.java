package dev.tokenservice.auth.audit;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail ({@code app.audit.*}).
 *
 * @param retention how long an audit row is kept; older rows are purged hourly
 */
@Validated
@ConfigurationProperties("app.audit")
public record AuditProperties(
		@DurationMin(nanos = 1, message = "must be positive") @DefaultValue("P90D") Duration retention) {

}
