package dev.tokenservice.auth.audit;

import java.time.Clock;
import java.util.Set;

import dev.tokenservice.auth.audit.SecurityEvents.LoginOutcome;
import dev.tokenservice.auth.audit.SecurityEvents.RefreshOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

/** The counters without a server: every tag value at 0 from the start, and no registry needed at all. */
class SecurityEventsTests {

	private final JdbcClient jdbc = mock(JdbcClient.class, RETURNS_DEEP_STUBS);

	@Test
	void everyCounterAndTagValueIsRegisteredAtZeroBeforeAnyEvent() {
		MeterRegistry registry = new SimpleMeterRegistry();
		new SecurityEvents(this.jdbc, Clock.systemUTC(), provider(registry));

		assertThat(registry.getMeters()).hasSize(21);
		assertThat(registry.find("auth.logins").counters()).hasSize(4);
		assertThat(registry.find("auth.refreshes").counters()).hasSize(4);
		assertThat(registry.find("auth.signups").counters()).hasSize(3);
		assertThat(registry.find("auth.keys.operations").counters()).hasSize(5);
		assertThat(registry.find("auth.clients.operations").counters()).hasSize(5);
		assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(((Counter) meter).count()).isZero());
	}

	@Test
	void eachEventMovesItsOwnCounterOnly() {
		MeterRegistry registry = new SimpleMeterRegistry();
		SecurityEvents events = new SecurityEvents(this.jdbc, Clock.systemUTC(), provider(registry));

		events.loginFailed(null, LoginOutcome.THROTTLED);
		events.refreshed(RefreshOutcome.EXPIRED);
		events.kekRewrapped("cli:ops", 2);

		assertThat(registry.get("auth.logins").tag("outcome", "throttled").counter().count()).isEqualTo(1);
		assertThat(registry.get("auth.refreshes").tag("outcome", "expired").counter().count()).isEqualTo(1);
		assertThat(registry.get("auth.keys.operations").tag("operation", "rewrapped").counter().count()).isEqualTo(1);
		assertThat(registry.getMeters().stream().mapToDouble((meter) -> ((Counter) meter).count()).sum()).isEqualTo(3);
	}

	@Test
	void worksWithoutAMeterRegistryAsOnTheCommandLine() {
		SecurityEvents events = new SecurityEvents(this.jdbc, Clock.systemUTC(),
				new DefaultListableBeanFactory().getBeanProvider(MeterRegistry.class));

		events.keyRotated(SecurityEvents.cli(), "kid-1", false);
		events.signedUp("id-1");
	}

	@Test
	void successIsNoLoginFailureAndReuseHasItsOwnEvent() {
		SecurityEvents events = new SecurityEvents(this.jdbc, Clock.systemUTC(), provider(new SimpleMeterRegistry()));

		assertThatIllegalArgumentException().isThrownBy(() -> events.loginFailed("id", LoginOutcome.SUCCESS));
		assertThatIllegalArgumentException().isThrownBy(() -> events.refreshed(RefreshOutcome.REUSE_DETECTED));
	}

	@Test
	void actorsAreTypedIds() {
		assertThat(Set.of(SecurityEvents.user("u1"), SecurityEvents.client("c1"), SecurityEvents.key("k1"),
				SecurityEvents.session("s1"), SecurityEvents.SYSTEM))
			.containsExactlyInAnyOrder("user:u1", "client:c1", "key:k1", "session:s1", "system");
		assertThat(SecurityEvents.cli()).isEqualTo("cli:" + System.getProperty("user.name"));
	}

	private static org.springframework.beans.factory.ObjectProvider<MeterRegistry> provider(MeterRegistry registry) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("meterRegistry", registry);
		return beans.getBeanProvider(MeterRegistry.class);
	}

}
