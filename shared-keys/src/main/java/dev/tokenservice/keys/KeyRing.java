package dev.tokenservice.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The signing keys and the rules of their rotation, as pure values: every change returns a new ring.
 * Invariants: kids are unique, at most one key is {@code ACTIVE}, at most one is {@code NEXT}.
 */
public final class KeyRing {

	private final Map<String, RingKey> keys;

	public KeyRing(Collection<RingKey> keys) {
		Map<String, RingKey> byKid = new LinkedHashMap<>();
		int active = 0;
		int next = 0;
		for (RingKey key : keys) {
			if (byKid.put(key.kid(), key) != null) {
				throw new IllegalArgumentException("Duplicate kid " + key.kid());
			}
			active += (key.state() == KeyState.ACTIVE) ? 1 : 0;
			next += (key.state() == KeyState.NEXT) ? 1 : 0;
		}
		if (active > 1 || next > 1) {
			throw new IllegalArgumentException("A ring has at most one active and one next key");
		}
		this.keys = byKid;
	}

	public List<RingKey> keys() {
		return List.copyOf(this.keys.values());
	}

	public boolean isEmpty() {
		return this.keys.isEmpty();
	}

	public Optional<RingKey> find(String kid) {
		return Optional.ofNullable(this.keys.get(kid));
	}

	public Optional<RingKey> active() {
		return inState(KeyState.ACTIVE);
	}

	public Optional<RingKey> next() {
		return inState(KeyState.NEXT);
	}

	/** The one key that signs. */
	public RingKey signingKey() {
		return active().orElseThrow(() -> new IllegalStateException("The key ring has no active key"));
	}

	/**
	 * The keys a JWKS shows at {@code now}: active first, then next, then retired keys (newest first)
	 * while {@code now} is before {@code retiredAt + accessTokenTimeToLive + clockSkew}, i.e. until
	 * every access token they signed has expired even for a resource server allowing the skew.
	 * Revoked keys never.
	 */
	public List<RingKey> published(Instant now, KeyRingPolicy policy) {
		List<RingKey> published = new ArrayList<>();
		active().ifPresent(published::add);
		next().ifPresent(published::add);
		this.keys.values()
			.stream()
			.filter((key) -> key.state() == KeyState.RETIRED)
			.filter((key) -> key.retiredAt().plus(policy.retiredPublication()).isAfter(now))
			.sorted(Comparator.comparing(RingKey::retiredAt).reversed().thenComparing(RingKey::kid))
			.forEach(published::add);
		return published;
	}

	/**
	 * Whether the issuer still honours its own signatures by {@code kid} at {@code now}: the next key (a
	 * node that has not yet seen a rotation must accept what a node that has signs), the active key, and
	 * retired keys until every token they signed has expired (refresh tokens outlive the publication of
	 * their key). Never revoked or unknown keys.
	 */
	public boolean verifies(String kid, Instant now, KeyRingPolicy policy) {
		RingKey key = this.keys.get(kid);
		if (key == null) {
			return false;
		}
		return switch (key.state()) {
			case NEXT, ACTIVE -> true;
			case RETIRED -> key.retiredAt().plus(policy.retiredVerification()).isAfter(now);
			case REVOKED -> false;
		};
	}

	/** The first keys of an empty ring: one active, one next. */
	public KeyRing bootstrap(Instant now, String activeKid, String nextKid) {
		if (!isEmpty()) {
			throw new IllegalStateException("Only an empty ring is bootstrapped");
		}
		return new KeyRing(List.of(RingKey.next(activeKid, now).activated(now), RingKey.next(nextKid, now)));
	}

	/**
	 * The first moment the next key may sign: its creation plus the publish lead, or when forced plus
	 * the propagation alone.
	 */
	public Optional<Instant> earliestActivation(KeyRingPolicy policy, boolean force) {
		return next().map((next) -> next.createdAt().plus(policy.activationLead(force)));
	}

	/**
	 * The next key becomes active, the active one retires, and {@code newNextKid} becomes the next key.
	 * The next key must have been published for the publish lead; forcing skips that wait but not the
	 * propagation to every node. A ring without a next key has nothing published to activate.
	 *
	 * @throws KeyRotationTooEarlyException when the next key may not sign yet, or there is none
	 */
	public KeyRing rotate(Instant now, KeyRingPolicy policy, boolean force, String newNextKid) {
		if (this.keys.containsKey(newNextKid)) {
			throw new IllegalArgumentException("Key " + newNextKid + " is already in the ring");
		}
		RingKey next = activatableNext(now, policy, force);
		return change((keys) -> {
			retireActive(keys, now);
			keys.put(next.kid(), next.activated(now));
			keys.put(newNextKid, RingKey.next(newNextKid, now));
		});
	}

	/** Whether a scheduled rotation is due: the active key has signed for {@code period} (zero: never). */
	public boolean rotationDue(Instant now, Duration period) {
		if (period.isZero() || period.isNegative()) {
			return false;
		}
		return active().map((active) -> !active.activatedAt().plus(period).isAfter(now)).orElse(false);
	}

	/**
	 * Revokes {@code kid}. Revoking the active key first activates the next key without waiting for the
	 * publish lead (a compromised key must stop signing now), but not before every node publishes it;
	 * without a next key that is refused. The caller adds a new next key where one is missing.
	 *
	 * @throws KeyRotationTooEarlyException when the active key is revoked and the next key may not sign yet
	 */
	public KeyRing revoke(Instant now, KeyRingPolicy policy, String kid) {
		RingKey key = find(kid).orElseThrow(() -> new NoSuchElementException("No key " + kid + " in the ring"));
		if (key.state() == KeyState.REVOKED) {
			return this;
		}
		if (key.state() == KeyState.ACTIVE) {
			RingKey next = activatableNext(now, policy, true);
			return change((keys) -> {
				keys.put(next.kid(), next.activated(now));
				keys.put(kid, key.revoked(now));
			});
		}
		return change((keys) -> keys.put(kid, key.revoked(now)));
	}

	/** Adds a next key to a ring that has none (after the next key was revoked or activated). */
	public KeyRing withNext(Instant now, String kid) {
		if (next().isPresent()) {
			throw new IllegalStateException("The ring already has a next key");
		}
		if (this.keys.containsKey(kid)) {
			throw new IllegalArgumentException("Key " + kid + " is already in the ring");
		}
		return change((keys) -> keys.put(kid, RingKey.next(kid, now)));
	}

	/**
	 * {@code kid} (an imported key) becomes the next key; the next key it replaces is revoked, which
	 * breaks nothing since it never signed.
	 */
	public KeyRing replaceNext(Instant now, String kid) {
		if (this.keys.containsKey(kid)) {
			throw new IllegalArgumentException("Key " + kid + " is already in the ring");
		}
		return change((keys) -> {
			next().ifPresent((next) -> keys.put(next.kid(), next.revoked(now)));
			keys.put(kid, RingKey.next(kid, now));
		});
	}

	/** The keys of this ring that are new or differ from {@code before}: what to persist. */
	public List<RingKey> changedSince(KeyRing before) {
		return this.keys.values().stream().filter((key) -> !key.equals(before.keys.get(key.kid()))).toList();
	}

	/**
	 * The next key, if it may sign at {@code now}: what a rotation (or, forced, a revocation of the
	 * active key) would activate. Lets a caller refuse before it makes the new key a rotation needs.
	 *
	 * @throws KeyRotationTooEarlyException when it may not sign yet, or there is none
	 */
	public RingKey activatableNext(Instant now, KeyRingPolicy policy, boolean force) {
		RingKey next = next().orElseThrow(() -> new KeyRotationTooEarlyException(
				"There is no published next key to activate", null));
		Instant earliest = next.createdAt().plus(policy.activationLead(force));
		if (now.isBefore(earliest)) {
			throw new KeyRotationTooEarlyException("The next key " + next.kid() + " is published since "
					+ next.createdAt() + "; it may sign from " + earliest
					+ (force ? " (every node publishes it by then)" : " (or, forced, from "
							+ next.createdAt().plus(policy.activationLead(true)) + ")"),
					earliest);
		}
		return next;
	}

	private Optional<RingKey> inState(KeyState state) {
		return this.keys.values().stream().filter((key) -> key.state() == state).findFirst();
	}

	private KeyRing change(Consumer<Map<String, RingKey>> change) {
		Map<String, RingKey> copy = new LinkedHashMap<>(this.keys);
		change.accept(copy);
		return new KeyRing(copy.values());
	}

	private static void retireActive(Map<String, RingKey> keys, Instant now) {
		keys.values()
			.stream()
			.filter((key) -> key.state() == KeyState.ACTIVE)
			.findFirst()
			.ifPresent((active) -> keys.put(active.kid(), active.retired(now)));
	}

	@Override
	public String toString() {
		return "KeyRing" + this.keys.values();
	}

}
