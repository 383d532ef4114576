package dev.tokenservice.auth.clients;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import dev.tokenservice.auth.issuer.ExpiredRows;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code client_previous_secret} rows: after a secret rotation, the hash of a client's previous secret
 * and until when it still authenticates. At most one per client (a second rotation replaces it). Expired
 * rows no longer match and the hourly purge deletes them.
 */
public class PreviousClientSecrets implements ExpiredRows {

	private final JdbcClient jdbc;

	public PreviousClientSecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Keeps {@code secretHash} valid for the client until {@code expiresAt}, replacing an earlier one. */
	public void keep(String registeredClientId, String secretHash, Instant expiresAt) {
		remove(registeredClientId);
		this.jdbc.sql("insert into client_previous_secret (registered_client_id, secret_hash, expires_at) values (?, ?, ?)")
			.params(registeredClientId, secretHash, Timestamp.from(expiresAt))
			.update();
	}

	/** The hash of the client's previous secret, while it has not expired at {@code now}. */
	public Optional<String> valid(String registeredClientId, Instant now) {
		return this.jdbc.sql("select secret_hash from client_previous_secret where registered_client_id = ? and expires_at > ?")
			.params(registeredClientId, Timestamp.from(now))
			.query(String.class)
			.optional();
	}

	/** Until when the client's previous secret works, if it has one that has not expired at {@code now}. */
	public Optional<Instant> expiry(String registeredClientId, Instant now) {
		return this.jdbc.sql("select expires_at from client_previous_secret where registered_client_id = ? and expires_at > ?")
			.params(registeredClientId, Timestamp.from(now))
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant);
	}

	public void remove(String registeredClientId) {
		this.jdbc.sql("delete from client_previous_secret where registered_client_id = ?")
			.param(registeredClientId)
			.update();
	}

	@Override
	public String name() {
		return "client-previous-secret";
	}

	@Override
	public int purge(Instant now) {
		return this.jdbc.sql("delete from client_previous_secret where expires_at <= ?").param(Timestamp.from(now)).update();
	}

}
