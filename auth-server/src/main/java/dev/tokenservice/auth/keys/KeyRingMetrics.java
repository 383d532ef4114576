package dev.tokenservice.auth.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The key ring as this node sees it (its last sync), as gauges in seconds: {@code auth.keys.active.age}
 * (since the active key began signing), {@code auth.keys.rotation.due} (until the scheduled rotation;
 * negative when overdue, absent value NaN when scheduled rotation is off), {@code auth.keys.next.published.age}
 * (since the next key was published; NaN without one). Read at each scrape from memory: no database access.
 */
@Component
class KeyRingMetrics implements MeterBinder {

	private final KeyRingService keyRing;

	private final Clock clock;

	KeyRingMetrics(KeyRingService keyRing, Clock clock) {
		this.keyRing = keyRing;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "auth.keys.active.age", "Seconds since the active key began signing",
				(times) -> Optional.of(seconds(times.activeSince(), now())));
		gauge(registry, "auth.keys.rotation.due",
				"Seconds until the scheduled rotation (negative: overdue; NaN: scheduled rotation off)",
				(times) -> times.scheduledRotation().map((at) -> seconds(now(), at)));
		gauge(registry, "auth.keys.next.published.age", "Seconds since the next key was published (NaN: none)",
				(times) -> times.nextPublishedSince().map((since) -> seconds(since, now())));
	}

	private void gauge(MeterRegistry registry, String name, String description,
			Function<KeyRingTimes, Optional<Double>> value) {
		Gauge.builder(name, this, (metrics) -> value.apply(metrics.keyRing.times()).orElse(Double.NaN))
			.description(description)
			.baseUnit("seconds")
			.register(registry);
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toMillis() / 1000.0;
	}

}
