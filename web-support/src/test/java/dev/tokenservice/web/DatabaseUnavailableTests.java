package dev.tokenservice.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTests {

	@Test
	void rollbackOnAConnectionThePoolClosedIsAnOutage() {
		// what a real PostgreSQL restart under load gave: the commit failed, then the rollback on the
		// closed connection, and Spring threw the rollback's failure with no application exception
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		assertThat(DatabaseUnavailable.explains(rollback)).isTrue();
	}

	@Test
	void aConnectionThatCannotBeHadIsAnOutage() {
		assertThat(DatabaseUnavailable.explains(new CannotCreateTransactionException("no connection",
				new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms"))))
			.isTrue();
		assertThat(DatabaseUnavailable.explains(new IllegalStateException("wrapped",
				new SQLException("terminating connection due to administrator command", "57P01"))))
			.isTrue();
	}

	@Test
	void aConstraintViolationIsNoOutage() {
		assertThat(DatabaseUnavailable.explains(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value", "23505"))))
			.isFalse();
		assertThat(DatabaseUnavailable.explains(new IllegalStateException("a bug"))).isFalse();
	}

}
