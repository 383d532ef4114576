package dev.tokenservice.web;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A Caffeine ticker that follows a {@link Clock}, so tests that move their clock expire cache entries.
 * It reads {@code clock.instant()}: {@code Clock.tick(...).millis()} divides by zero for sub-millisecond
 * ticks on JDK 17.
 */
public record ClockTicker(Clock clock) implements Ticker {

	@Override
	public long read() {
		return ChronoUnit.NANOS.between(Instant.EPOCH, this.clock.instant());
	}

}
