package dev.tokenservice.testsupport;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables {@link RequiresPostgres} tests when PostgreSQL answers; fails them under CI when it does not. */
final class PostgresAvailableCondition implements ExecutionCondition {

	private static volatile String unreachableReason;

	private static volatile boolean checked;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String reason = unreachableReason();
		if (reason == null) {
			return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + PostgresTestDatabase.url());
		}
		if (isCi()) {
			throw new IllegalStateException("CI requires PostgreSQL, but " + reason);
		}
		return ConditionEvaluationResult.disabled(reason + " (set TEST_POSTGRES_URL to run these tests)");
	}

	private static synchronized String unreachableReason() {
		if (!checked) {
			try (Connection connection = PostgresTestDatabase.connect()) {
				unreachableReason = null;
			}
			catch (SQLException ex) {
				unreachableReason = "PostgreSQL is not reachable at " + PostgresTestDatabase.url() + ": "
						+ ex.getMessage();
			}
			checked = true;
		}
		return unreachableReason;
	}

	private static boolean isCi() {
		String ci = System.getenv("CI");
		return ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci);
	}

}
