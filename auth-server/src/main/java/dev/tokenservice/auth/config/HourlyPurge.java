package dev.tokenservice.auth.config;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tokenservice.auth.issuer.ExpiredRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes every feature's expired rows ({@link ExpiredRows}) hourly, on one node at a time. Every node
 * checks every {@link #CHECK_INTERVAL}; a check claims the run in a short transaction on the
 * {@code housekeeping_lock} row: it locks the row without waiting ({@code for update skip locked}: a
 * node that finds it locked by another node's claim skips), skips when the last run, on whichever node,
 * is less than {@link #INTERVAL} ago, and otherwise stamps the row with the time of this run. Only the
 * node whose claim committed then purges, each feature's rows in a statement of their own, so a
 * failure of one purge neither stops the others nor holds a lock; the next run is an hour later.
 */
@Component
public class HourlyPurge implements SchedulingConfigurer {

	/** How long after a run (on any node) the next one is due. */
	public static final Duration INTERVAL = Duration.ofHours(1);

	/** How often each node checks whether a run is due. */
	public static final Duration CHECK_INTERVAL = Duration.ofMinutes(5);

	static final String JOB = "hourly-purge";

	private static final Logger logger = LoggerFactory.getLogger(HourlyPurge.class);

	private final List<ExpiredRows> purges;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public HourlyPurge(List<ExpiredRows> purges, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.purges = List.copyOf(purges);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::check, CHECK_INTERVAL, CHECK_INTERVAL));
	}

	void check() {
		try {
			runIfDue();
		}
		catch (RuntimeException ex) {
			// e.g. the database is down: the next check tries again
			logger.warn("Purge of expired rows skipped ({}); trying again in {}", ex.getClass().getSimpleName(),
					CHECK_INTERVAL);
		}
	}

	/**
	 * Runs every purge if this node claims the run: no other node holds the claim and the last run is at
	 * least {@link #INTERVAL} ago. Returns whether this node ran them.
	 */
	public boolean runIfDue() {
		Instant now = this.clock.instant();
		if (!claim(now)) {
			return false;
		}
		int total = 0;
		for (ExpiredRows purge : this.purges) {
			try {
				int purged = purge.purge(now);
				total += purged;
				logger.debug("Purged {} expired rows of {}", purged, purge.name());
			}
			catch (RuntimeException ex) {
				logger.warn("Purging the expired rows of {} failed ({}); next run in {}", purge.name(),
						ex.getClass().getSimpleName(), INTERVAL);
			}
		}
		logger.info("Purged {} expired rows of {} kinds", total, this.purges.size());
		return true;
	}

	private boolean claim(Instant now) {
		Boolean claimed = this.transactions.execute((status) -> {
			Optional<Optional<Instant>> lastRun = this.jdbc
				.sql("select last_run_at from housekeeping_lock where name = ? for update skip locked")
				.param(JOB)
				.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
				.optional();
			if (lastRun.isEmpty()) {
				logger.debug("Another node is claiming the purge of expired rows: skipped");
				return false;
			}
			if (lastRun.get().filter((last) -> last.isAfter(now.minus(INTERVAL))).isPresent()) {
				return false;
			}
			this.jdbc.sql("update housekeeping_lock set last_run_at = ? where name = ?")
				.params(Timestamp.from(now), JOB)
				.update();
			return true;
		});
		return Boolean.TRUE.equals(claimed);
	}

}
