package dev.tokenservice.auth.login;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Failed-login counters in the database, so every node sees the same ones: per account and per client
 * address. Past the free failures each further failure doubles the wait ({@code Retry-After}).
 */
@Component
public class LoginThrottle {

	private final JdbcClient jdbc;

	private final ThrottleProperties properties;

	private final Clock clock;

	public LoginThrottle(JdbcClient jdbc, ThrottleProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** How long the caller must still wait, if either key is blocked. */
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

	/** A successful login clears the account's counter (the address's decays by itself). */
	public void succeeded(String email) {
		this.jdbc.sql("delete from login_throttle where throttle_key = ?").param(accountKey(email)).update();
	}

	private void record(String key, int freeFailures) {
		Instant now = this.clock.instant();
		// read-then-conditional-update keeps the delay computation in Java and portable across databases
		for (int attempt = 0; attempt < 3; attempt++) {
			Optional<Integer> failures = this.jdbc.sql("select failures from login_throttle where throttle_key = ?")
				.param(key)
				.query(Integer.class)
				.optional();
			if (failures.isEmpty()) {
				try {
					this.jdbc
						.sql("insert into login_throttle (throttle_key, failures, last_failure_at, blocked_until) values (?, 1, ?, ?)")
						.params(key, Timestamp.from(now), blockedUntil(1, freeFailures, now))
						.update();
					return;
				}
				catch (DuplicateKeyException ex) {
					continue;
				}
			}
			int next = failures.get() + 1;
			int updated = this.jdbc.sql("""
					update login_throttle set failures = ?, last_failure_at = ?, blocked_until = ?
					where throttle_key = ? and failures = ?""")
				.params(next, Timestamp.from(now), blockedUntil(next, freeFailures, now), key, failures.get())
				.update();
			if (updated == 1) {
				return;
			}
		}
	}

	private Timestamp blockedUntil(int failures, int freeFailures, Instant now) {
		if (failures <= freeFailures) {
			return null;
		}
		int doublings = Math.min(failures - freeFailures - 1, 30);
		Duration delay = this.properties.firstDelay().multipliedBy(1L << doublings);
		if (delay.compareTo(this.properties.maxDelay()) > 0) {
			delay = this.properties.maxDelay();
		}
		return Timestamp.from(now.plus(delay));
	}

	private static String accountKey(String email) {
		return "account:" + email;
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

}
