package dev.tokenservice.auth.clients;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import dev.tokenservice.auth.issuer.ExpiredRows;
import dev.tokenservice.auth.issuer.TokenHashes;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code jti} of every client assertion accepted and not yet expired (RFC 7523 §3: a replay is refused).
 * Only the SHA-256 of the jti is stored. Accepting one is an insert that fails when the row exists, so two
 * nodes that see the same assertion at the same moment cannot both accept it: the primary key decides.
 */
public class UsedClientAssertions implements ExpiredRows {

	private final JdbcClient jdbc;

	private final Duration clockSkew;

	/**
	 * @param clockSkew how long after its {@code exp} an assertion is still accepted: its row is kept that much
	 * longer
	 */
	public UsedClientAssertions(JdbcClient jdbc, Duration clockSkew) {
		this.jdbc = jdbc;
		this.clockSkew = clockSkew;
	}

	/**
	 * Records the assertion as used; {@code false} when this client already used that {@code jti} in an
	 * assertion that can still be accepted (a replay).
	 */
	public boolean use(String clientId, String jti, Instant expiresAt, Instant now) {
		String hash = TokenHashes.hash(jti);
		try {
			this.jdbc.sql("insert into client_assertion (client_id, jti_hash, expires_at) values (?, ?, ?)")
				.params(clientId, hash, Timestamp.from(expiresAt))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			// a row the hourly purge has not removed yet, of an assertion long expired: the jti is free again.
			// One statement, so of two nodes that both get here only one updates the row
			return this.jdbc.sql("""
					update client_assertion set expires_at = ?
					where client_id = ? and jti_hash = ? and expires_at < ?""")
				.params(Timestamp.from(expiresAt), clientId, hash, Timestamp.from(now.minus(this.clockSkew)))
				.update() == 1;
		}
	}

	@Override
	public String name() {
		return "client-assertion";
	}

	@Override
	public int purge(Instant now) {
		return this.jdbc.sql("delete from client_assertion where expires_at < ?")
			.param(Timestamp.from(now.minus(this.clockSkew)))
			.update();
	}

}
