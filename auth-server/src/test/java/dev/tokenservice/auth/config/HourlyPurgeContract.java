package dev.tokenservice.auth.config;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.tokenservice.auth.cli.KeysCommand;
import dev.tokenservice.auth.issuer.ExpiredRows;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tokenservice.auth.support.Race.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Two or more nodes' {@link HourlyPurge}s on one database, a clock the test moves: of the nodes, one
 * purges per interval, and a node never waits for another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HourlyPurgeContract {

	private final ConfigurableApplicationContext context;

	private final MutableClock clock;

	private final JdbcClient jdbc;

	HourlyPurgeContract() {
		List<String> arguments = new ArrayList<>(List.of("--app.storage.data-dir=./target/test-data"));
		settings().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		this.context = new SpringApplicationBuilder(KeysCommand.Context.class, MutableClockConfig.class)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
		this.clock = this.context.getBean(MutableClock.class);
		this.jdbc = this.context.getBean(JdbcClient.class);
	}

	abstract Map<String, String> settings();

	@BeforeEach
	void neverRun() {
		this.clock.reset();
		this.jdbc.sql("update housekeeping_lock set last_run_at = null").update();
	}

	@AfterAll
	void stop() {
		this.context.close();
	}

	@Test
	void ofTwoNodesOnlyOnePurgesPerIntervalWhicheverComesFirst() {
		Counting onA = new Counting();
		Counting onB = new Counting();
		HourlyPurge a = node(onA);
		HourlyPurge b = node(onB);

		assertThat(a.runIfDue()).isTrue();
		assertThat(b.runIfDue()).isFalse();
		this.clock.advance(HourlyPurge.INTERVAL.minusSeconds(1));
		assertThat(a.runIfDue()).isFalse();
		assertThat(b.runIfDue()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(b.runIfDue()).isTrue();
		assertThat(a.runIfDue()).isFalse();

		assertThat(onA.runs).hasValue(1);
		assertThat(onB.runs).hasValue(1);
	}

	@Test
	void nodesCheckingAtTheSameMomentPurgeOnce() throws Exception {
		Counting purges = new Counting();
		List<HourlyPurge> nodes = List.of(node(purges), node(purges), node(purges), node(purges));
		for (int interval = 1; interval <= 5; interval++) {
			List<Boolean> ran = race(nodes.size(), (i) -> nodes.get(i).runIfDue());
			assertThat(ran).as("interval " + interval).containsOnlyOnce(true);
			assertThat(purges.runs).hasValue(interval);
			this.clock.advance(HourlyPurge.INTERVAL);
		}
	}

	@Test
	void aNodeFindingTheClaimHeldByAnotherSkipsWithoutWaiting() throws Exception {
		Counting purges = new Counting();
		HourlyPurge node = node(purges);
		try (Connection other = this.context.getBean(DataSource.class).getConnection()) {
			other.setAutoCommit(false);
			try (Statement statement = other.createStatement()) {
				// another node in the middle of its claim
				statement.executeQuery("select last_run_at from housekeeping_lock where name = 'hourly-purge' for update")
					.close();
				assertTimeoutPreemptively(Duration.ofMillis(900), () -> assertThat(node.runIfDue()).isFalse());
			}
			finally {
				other.rollback();
			}
		}
		assertThat(purges.runs).hasValue(0);
		assertThat(node.runIfDue()).as("once the claim is free").isTrue();
		assertThat(purges.runs).hasValue(1);
	}

	@Test
	void aFailingPurgeDoesNotStopTheOthers() {
		Counting after = new Counting();
		ExpiredRows failing = new ExpiredRows() {

			@Override
			public String name() {
				return "failing";
			}

			@Override
			public int purge(Instant now) {
				throw new IllegalStateException("the table is gone");
			}

		};
		HourlyPurge node = new HourlyPurge(List.of(failing, after), this.jdbc,
				this.context.getBean(TransactionTemplate.class), this.clock);

		assertThat(node.runIfDue()).isTrue();
		assertThat(after.runs).hasValue(1);
	}

	private HourlyPurge node(ExpiredRows purge) {
		return new HourlyPurge(List.of(purge), this.jdbc, this.context.getBean(TransactionTemplate.class), this.clock);
	}

	static final class Counting implements ExpiredRows {

		final AtomicInteger runs = new AtomicInteger();

		volatile Instant at;

		@Override
		public String name() {
			return "counting";
		}

		@Override
		public int purge(Instant now) {
			this.at = now;
			this.runs.incrementAndGet();
			return 0;
		}

	}

}
