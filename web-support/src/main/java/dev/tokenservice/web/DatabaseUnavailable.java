package dev.tokenservice.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure means the database is out of reach for the moment (restarting, a network cut, the
 * pool's connection wait over), however it surfaces: a connection that cannot be had
 * ({@code CannotCreateTransactionException}, {@code CannotGetJdbcConnectionException}, Hikari's
 * {@code SQLTransientConnectionException}), a connection lost mid-transaction (a
 * {@code TransactionSystemException} "JDBC rollback failed", a {@code DataAccessResourceFailureException}
 * or a driver's connection SQL state), or such a failure wrapped by Spring Data or a filter. Those are
 * answered 503 with {@code Retry-After}: the client tries again, nothing is wrong with its request.
 */
public final class DatabaseUnavailable {

	/** Seconds a client is asked to wait before trying again. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private DatabaseUnavailable() {
	}

	/** Whether {@code failure}, or one of its causes, says the database is unreachable or busy for now. */
	public static boolean explains(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 32; depth++) {
			if (isUnavailable(cause)) {
				return true;
			}
			// a commit or rollback the database did not complete ("JDBC rollback failed" on a connection the
			// pool already closed, with no SQL state: seen on a real PostgreSQL restart, where Spring throws
			// the rollback's failure after logging the commit's): the transaction itself failed, not the request
			if (cause instanceof TransactionSystemException && cause.getCause() instanceof SQLException) {
				return true;
			}
			// otherwise the failure that made the transaction roll back is the one that tells
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& rollback.getApplicationException() != failure && explains(rollback.getApplicationException())) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

	private static boolean isUnavailable(Throwable failure) {
		if (failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException
				|| failure instanceof CannotCreateTransactionException
				|| failure instanceof SQLTransientConnectionException
				|| failure instanceof SQLNonTransientConnectionException) {
			return true;
		}
		if (failure instanceof SQLException sql && sql.getSQLState() != null) {
			String state = sql.getSQLState();
			// 08: connection exception (SQL standard); PostgreSQL's 57P01-57P03: the server is shutting
			// down, crashed or is starting up
			return state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
					|| state.equals("57P03");
		}
		return false;
	}

}
