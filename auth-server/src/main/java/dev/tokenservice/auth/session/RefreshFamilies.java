package dev.tokenservice.auth.session;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import dev.tokenservice.auth.keys.KeyRingStore;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.keys.KeyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows of refresh families (one per login) and their refresh tokens, by token hash: the database
 * never holds a token. Storage only; {@link RefreshTokenService} decides what a presented token gets.
 */
@Repository
class RefreshFamilies {

	private static final Logger logger = LoggerFactory.getLogger(RefreshFamilies.class);

	private final JdbcClient jdbc;

	/** Whether the database takes a data-modifying WITH (PostgreSQL; H2 does not). */
	private final boolean postgres;

	RefreshFamilies(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.postgres = KeyRingStore.Locking.of(dataSource).postgres();
	}

	/** A family; {@code clientId} null for the first-party login, {@code scope} null when it has no grant. */
	void create(String sid, String userId, String clientId, String scope, Instant createdAt,
			Instant absoluteExpiresAt) {
		this.jdbc.sql("""
				insert into refresh_family (id, user_id, client_id, scope, created_at, absolute_expires_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(sid, userId, clientId, scope, timestamp(createdAt), timestamp(absoluteExpiresAt))
			.update();
	}

	void addToken(String tokenHash, String sid, Instant issuedAt, Instant expiresAt) {
		this.jdbc
			.sql("insert into refresh_token (token_hash, family_id, issued_at, expires_at) values (?, ?, ?, ?)")
			.params(tokenHash, sid, timestamp(issuedAt), timestamp(expiresAt))
			.update();
	}

	/**
	 * Marks the token consumed if it is unconsumed and its family neither revoked nor past its absolute
	 * expiry; whether it did. One conditional UPDATE: of concurrent calls with one token exactly one wins.
	 */
	boolean consume(String tokenHash, String sid, Instant now) {
		return this.jdbc.sql("""
				update refresh_token set consumed_at = ?
				where token_hash = ? and family_id = ? and consumed_at is null
				  and exists (select 1 from refresh_family f
				              where f.id = refresh_token.family_id and f.revoked_at is null and f.absolute_expires_at > ?)
				""").params(timestamp(now), tokenHash, sid, timestamp(now)).update() > 0;
	}

	/**
	 * A rotation's writes: {@link #consume} of the presented token and, only if it was consumed,
	 * {@link #addToken} of the next one; whether it was consumed. On PostgreSQL one statement (one round
	 * trip): the INSERT takes the row the UPDATE returned.
	 */
	boolean rotate(String presentedHash, String sid, Instant now, String nextHash, Instant nextExpiresAt) {
		if (!this.postgres) {
			if (!consume(presentedHash, sid, now)) {
				return false;
			}
			addToken(nextHash, sid, now, nextExpiresAt);
			return true;
		}
		return this.jdbc.sql("""
				with consumed as (
				  update refresh_token set consumed_at = ?
				  where token_hash = ? and family_id = ? and consumed_at is null
				    and exists (select 1 from refresh_family f
				                where f.id = refresh_token.family_id and f.revoked_at is null and f.absolute_expires_at > ?)
				  returning family_id)
				insert into refresh_token (token_hash, family_id, issued_at, expires_at)
				select ?, family_id, ?, ? from consumed""")
			.params(timestamp(now), presentedHash, sid, timestamp(now), nextHash, timestamp(now),
					timestamp(nextExpiresAt))
			.update() > 0;
	}

	Optional<Family> find(String sid) {
		return this.jdbc
			.sql("""
					select id, user_id, client_id, scope, absolute_expires_at, revoked_at
					from refresh_family where id = ?""")
			.param(sid)
			.query((rs, row) -> new Family(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant(), instant(rs.getTimestamp(6))))
			.optional();
	}

	/**
	 * What a rotation needs to know before it consumes anything, in one query: the family, its user
	 * ({@code null} when gone; read without the password hash) and the stored state of the key {@code kid}
	 * ({@code null} when the ring has no such key). The key's state is read from the database, not this
	 * node's snapshot: a key revoked on another node counts before this node syncs.
	 */
	Optional<ForRotation> findForRotation(String sid, String kid) {
		return this.jdbc.sql("""
				select f.id, f.user_id, f.client_id, f.scope, f.absolute_expires_at, f.revoked_at,
				       u.id, u.email, u.roles, u.enabled, u.created_at, u.version,
				       (select k.state from signing_key k where k.kid = ?)
				from refresh_family f left join user_account u on u.id = f.user_id
				where f.id = ?""").params(kid, sid).query((rs, row) -> {
			Family family = new Family(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant(), instant(rs.getTimestamp(6)));
			String userId = rs.getString(7);
			UserAccount user = (userId != null) ? new UserAccount(userId, rs.getString(8), null, rs.getString(9),
					rs.getBoolean(10), instant(rs.getTimestamp(11)), rs.getLong(12)) : null;
			String keyState = rs.getString(13);
			return new ForRotation(family, user, keyState != null && KeyState.of(keyState) == KeyState.REVOKED);
		}).optional();
	}

	Optional<Token> findToken(String tokenHash, String sid) {
		return this.jdbc.sql("select consumed_at from refresh_token where token_hash = ? and family_id = ?")
			.params(tokenHash, sid)
			.query((rs, row) -> new Token(instant(rs.getTimestamp(1))))
			.optional();
	}

	/** Whether the family was live until now. */
	boolean revoke(String sid, String reason, Instant now) {
		return this.jdbc
			.sql("update refresh_family set revoked_at = ?, revoked_reason = ? where id = ? and revoked_at is null")
			.params(timestamp(now), reason, sid)
			.update() > 0;
	}

	/** How many live families of the user were revoked. */
	int revokeAllOf(String userId, String reason, Instant now) {
		return this.jdbc
			.sql("update refresh_family set revoked_at = ?, revoked_reason = ? where user_id = ? and revoked_at is null")
			.params(timestamp(now), reason, userId)
			.update();
	}

	/** Deletes tokens past their {@code exp} and families past their absolute expiry with no token left. */
	int purgeExpired(Instant now) {
		int tokens = this.jdbc.sql("delete from refresh_token where expires_at < ?").param(timestamp(now)).update();
		int families = this.jdbc.sql("""
				delete from refresh_family where absolute_expires_at < ?
				and not exists (select 1 from refresh_token t where t.family_id = refresh_family.id)""")
			.param(timestamp(now))
			.update();
		logger.debug("Purged {} expired refresh tokens and {} expired sessions", tokens, families);
		return tokens + families;
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * A login's family; {@code clientId} null for the first-party login, else the client it is bound to,
	 * with the {@code scope} the user granted it; {@code revokedAt} is null while it is not revoked.
	 */
	record Family(String id, String userId, String clientId, String scope, Instant absoluteExpiresAt,
			Instant revokedAt) {

		boolean isLive(Instant now) {
			return this.revokedAt == null && this.absoluteExpiresAt.isAfter(now);
		}

	}

	/**
	 * A family with its user ({@code null} when gone; its password hash is not read) and whether the key
	 * that signed the presented token is revoked in the stored ring.
	 */
	record ForRotation(Family family, UserAccount user, boolean keyRevoked) {
	}

	/** A stored refresh token; {@code consumedAt} is null until a rotation consumed it. */
	record Token(Instant consumedAt) {
	}

}
