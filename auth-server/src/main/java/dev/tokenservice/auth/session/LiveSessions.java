package dev.tokenservice.auth.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code auth.sessions.live}: refresh families (login sessions, first-party and of registered
 * clients) neither revoked nor past their absolute lifetime, in the shared database, so every node
 * reports the same number. One count query, its answer kept for {@link #CACHE} so that scrapes do not
 * load the database; a database that cannot be reached leaves the last count in place.
 */
@Component
class LiveSessions implements MeterBinder {

	static final Duration CACHE = Duration.ofSeconds(30);

	private final JdbcClient jdbc;

	private final Clock clock;

	private volatile Counted last;

	LiveSessions(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("auth.sessions.live", this, LiveSessions::count)
			.description("Live sessions (refresh families neither revoked nor expired), counted at most every 30 s")
			.register(registry);
	}

	double count() {
		Instant now = this.clock.instant();
		Counted counted = this.last;
		if (counted == null || !counted.at().plus(CACHE).isAfter(now)) {
			try {
				long live = this.jdbc
					.sql("select count(*) from refresh_family where revoked_at is null and absolute_expires_at > :now")
					.param("now", Timestamp.from(now))
					.query(Long.class)
					.single();
				counted = new Counted(now, live);
			}
			catch (RuntimeException ex) {
				// the database is away: keep the last count (or none) and try again at a later scrape
				return (counted != null) ? counted.live() : Double.NaN;
			}
			this.last = counted;
		}
		return counted.live();
	}

	private record Counted(Instant at, long live) {
	}

}
