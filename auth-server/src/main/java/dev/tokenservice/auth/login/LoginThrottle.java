package dev.tokenservice.auth.login;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.tokenservice.auth.issuer.ExpiredRows;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Failed-login counters in the database, so every node sees the same ones: per account
 * ({@code account:<email>}) and per client address ({@code address:<ip>}). Past its free failures a key
 * is blocked after each further failure, twice as long each time ({@code Retry-After}).
 */
@Component
public class LoginThrottle implements ExpiredRows {

	private final JdbcClient jdbc;

	private final ThrottleProperties properties;

	private final Clock clock;

	public LoginThrottle(JdbcClient jdbc, ThrottleProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** How long the caller must still wait, if the account or the address is blocked. */
	public Optional<Duration> retryAfter(String email, String address) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("select max(blocked_until) from login_throttle where throttle_key in (?, ?)")
			.params(accountKey(email), addressKey(address))
			.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
			.single()
			.filter(now::isBefore)
			.map((until) -> Duration.between(now, until));
	}

	public void failed(String email, String address) {
		record(accountKey(email), this.properties.accountFreeFailures());
		record(addressKey(address), this.properties.addressFreeFailures());
	}

	/** A successful login clears the account's counter (the address's resets after a quiet time). */
	public void succeeded(String email) {
		this.jdbc.sql("delete from login_throttle where throttle_key = ?").param(accountKey(email)).update();
	}

	@Override
	public String name() {
		return "login-throttle";
	}

	/** Forgets keys that have been quiet for the reset time and are not blocked. */
	@Override
	public int purge(Instant now) {
		return this.jdbc
			.sql("delete from login_throttle where last_failure_at < ? and (blocked_until is null or blocked_until < ?)")
			.params(Timestamp.from(now.minus(this.properties.resetAfter())), Timestamp.from(now))
			.update();
	}

	private void record(String key, int freeFailures) {
		Instant now = this.clock.instant();
		int failures = increment(key, now);
		Instant until = blockedUntil(failures, freeFailures, now);
		if (until != null) {
			// only ever later: a concurrent failure may have set a longer block already
			this.jdbc
				.sql("update login_throttle set blocked_until = ? where throttle_key = ?"
						+ " and (blocked_until is null or blocked_until < ?)")
				.params(Timestamp.from(until), key, Timestamp.from(until))
				.update();
		}
	}

	/**
	 * Counts one failure and returns the count. The increment happens in the database (no lost update
	 * when an attacker sends failures in parallel); the first failure of a key inserts its row, and a
	 * concurrent first failure that lost the insert race increments that row instead.
	 */
	private int increment(String key, Instant now) {
		Timestamp quietSince = Timestamp.from(now.minus(this.properties.resetAfter()));
		for (int attempt = 0;; attempt++) {
			// every SET expression reads the row as it was, so the CASE sees the previous failure time
			int updated = this.jdbc.sql("""
					update login_throttle
					set failures = case when last_failure_at < ? then 1 else failures + 1 end, last_failure_at = ?
					where throttle_key = ?""").params(quietSince, Timestamp.from(now), key).update();
			if (updated == 1) {
				return this.jdbc.sql("select failures from login_throttle where throttle_key = ?")
					.param(key)
					.query(Integer.class)
					.optional()
					.orElse(1);
			}
			try {
				this.jdbc
					.sql("insert into login_throttle (throttle_key, failures, last_failure_at) values (?, 1, ?)")
					.params(key, Timestamp.from(now))
					.update();
				return 1;
			}
			catch (DuplicateKeyException ex) {
				if (attempt >= 2) {
					throw ex;
				}
			}
		}
	}

	private Instant blockedUntil(int failures, int freeFailures, Instant now) {
		if (failures <= freeFailures) {
			return null;
		}
		int doublings = Math.min(failures - freeFailures - 1, 30);
		Duration delay = this.properties.firstDelay().multipliedBy(1L << doublings);
		return now.plus((delay.compareTo(this.properties.maxDelay()) > 0) ? this.properties.maxDelay() : delay);
	}

	private static String accountKey(String email) {
		return "account:" + email;
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

}
