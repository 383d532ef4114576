package dev.tokenservice.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand, for lifetimes and timeouts without sleeping. By default it runs with
 * real time plus what the test added; {@link #stopped()} stands still between moves, for exact
 * boundaries.
 */
public final class MutableClock extends Clock {

	private final Instant stoppedAt;

	private volatile Duration offset = Duration.ZERO;

	/** Real time, plus whatever {@link #advance} adds. */
	public MutableClock() {
		this(null);
	}

	private MutableClock(Instant stoppedAt) {
		this.stoppedAt = stoppedAt;
	}

	/** A clock that stays at the moment it was made until a test advances it. */
	public static MutableClock stopped() {
		return new MutableClock(Instant.now());
	}

	public void advance(Duration duration) {
		this.offset = this.offset.plus(duration);
	}

	public void reset() {
		this.offset = Duration.ZERO;
	}

	@Override
	public Instant instant() {
		return ((this.stoppedAt != null) ? this.stoppedAt : Instant.now()).plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
