package dev.tokenservice.auth.browser;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import dev.tokenservice.auth.issuer.ExpiredRows;
import dev.tokenservice.auth.issuer.TokenHashes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code login_session} rows: one per browser login, keyed by the SHA-256 of its cookie value, so
 * any node serves any request and a copy of the table signs nobody in.
 */
@Component
class LoginSessions implements ExpiredRows {

	/** Renewing the idle expiry on every request would write on every page view. */
	private static final Duration RENEWAL_INTERVAL = Duration.ofMinutes(1);

	private final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	private final BrowserSessionProperties properties;

	private final Clock clock;

	LoginSessions(JdbcClient jdbc, BrowserSessionProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** A login session as read; {@code hash} is its key, never the cookie value. */
	record LoginSession(String hash, String userId, Instant authenticatedAt, Instant lastSeenAt) {
	}

	/** Starts a session and returns the cookie value (256 random bits), which is not stored. */
	String create(String userId, Instant authenticatedAt) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		Instant absolute = authenticatedAt.plus(this.properties.maxLifetime());
		this.jdbc.sql("""
				insert into login_session
				(session_hash, user_id, authenticated_at, last_seen_at, idle_expires_at, absolute_expires_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(TokenHashes.hash(value), userId, Timestamp.from(authenticatedAt), Timestamp.from(now),
					Timestamp.from(idleExpiry(now, absolute)), Timestamp.from(absolute))
			.update();
		return value;
	}

	/**
	 * The live session of a cookie value, its idle expiry moved forward when it was last moved more than
	 * a minute ago (one conditional update: of concurrent requests at most one writes).
	 */
	Optional<LoginSession> use(String cookieValue) {
		Instant now = this.clock.instant();
		String hash = TokenHashes.hash(cookieValue);
		Optional<LoginSession> session = this.jdbc.sql("""
				select user_id, authenticated_at, last_seen_at, absolute_expires_at from login_session
				where session_hash = ? and idle_expires_at > ? and absolute_expires_at > ?""")
			.params(hash, Timestamp.from(now), Timestamp.from(now))
			.query((rs, row) -> new Renewable(
					new LoginSession(hash, rs.getString(1), rs.getTimestamp(2).toInstant(),
							rs.getTimestamp(3).toInstant()),
					rs.getTimestamp(4).toInstant()))
			.optional()
			.map((found) -> renew(found, now));
		return session;
	}

	void delete(String cookieValue) {
		this.jdbc.sql("delete from login_session where session_hash = ?").param(TokenHashes.hash(cookieValue)).update();
	}

	int deleteAllOf(String userId) {
		return this.jdbc.sql("delete from login_session where user_id = ?").param(userId).update();
	}

	@Override
	public String name() {
		return "login-session";
	}

	/** Sessions past their idle or absolute expiry. */
	@Override
	public int purge(Instant now) {
		Timestamp at = Timestamp.from(now);
		return this.jdbc.sql("delete from login_session where idle_expires_at <= ? or absolute_expires_at <= ?")
			.params(at, at)
			.update();
	}

	private LoginSession renew(Renewable found, Instant now) {
		LoginSession session = found.session();
		Duration interval = min(RENEWAL_INTERVAL, this.properties.idleTimeout().dividedBy(2));
		if (session.lastSeenAt().plus(interval).isAfter(now)) {
			return session;
		}
		this.jdbc.sql("""
				update login_session set last_seen_at = ?, idle_expires_at = ?
				where session_hash = ? and last_seen_at = ?""")
			.params(Timestamp.from(now), Timestamp.from(idleExpiry(now, found.absoluteExpiresAt())), session.hash(),
					Timestamp.from(session.lastSeenAt()))
			.update();
		return new LoginSession(session.hash(), session.userId(), session.authenticatedAt(), now);
	}

	private Instant idleExpiry(Instant now, Instant absolute) {
		Instant idle = now.plus(this.properties.idleTimeout());
		return idle.isAfter(absolute) ? absolute : idle;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private record Renewable(LoginSession session, Instant absoluteExpiresAt) {
	}

}
