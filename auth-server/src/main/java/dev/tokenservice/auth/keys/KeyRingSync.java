package dev.tokenservice.auth.keys;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every sync interval, on every node: the scheduled rotation if it is due (exactly one node performs
 * it, see {@link KeyRingService#rotateIfDue()}; it waits on the ring lock at most
 * {@link KeyRingStore#LOCK_TIMEOUT}, and is skipped until the next sync when the lock is not free),
 * then a re-read of the ring, which never waits on the lock and is how a node learns what another
 * node or the command line changed.
 */
@Component
class KeyRingSync implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(KeyRingSync.class);

	private final KeyRingService keyRing;

	private final Duration interval;

	KeyRingSync(KeyRingService keyRing, KeysProperties properties) {
		this.keyRing = keyRing;
		this.interval = properties.syncInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::sync, this.interval, this.interval));
	}

	void sync() {
		try {
			this.keyRing.rotateIfDue();
		}
		catch (RuntimeException ex) {
			// e.g. the ring lock was not free within its timeout: another node holds it; next interval
			logger.warn("Scheduled rotation skipped ({}: {}); trying again at the next sync",
					ex.getClass().getSimpleName(), ex.getMessage());
		}
		try {
			// a plain read, never waiting on the ring lock: it is what keeps the node ready
			this.keyRing.reload();
		}
		catch (RuntimeException ex) {
			// the node keeps its last snapshot and tries again next interval
			logger.warn("Key ring sync failed ({}: {}); keeping the last known ring", ex.getClass().getSimpleName(),
					ex.getMessage());
		}
	}

}
