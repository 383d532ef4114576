package dev.tokenservice.auth.keys;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.keys.KeyDecryptionException;
import dev.tokenservice.keys.KeyRing;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.KeyRotationTooEarlyException;
import dev.tokenservice.keys.KeyState;
import dev.tokenservice.keys.RingKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's view of the key ring, and what operators do to it. Signing and the JWKS read a snapshot
 * in memory; the database is the truth: every change goes through {@link KeyRingStore#change} and
 * every node re-reads the ring each sync interval ({@link #reload()}), so all nodes converge on it.
 */
public class KeyRingService {

	private static final Logger logger = LoggerFactory.getLogger(KeyRingService.class);

	private final KeyRingStore store;

	private final KeyRingPolicy policy;

	private final Duration rotationPeriod;

	private final Clock clock;

	private final SecurityEvents events;

	// key material never changes under a kid: parse and decrypt each key once
	private final Map<String, RSAKey> publicKeys = new ConcurrentHashMap<>();

	private final Map<String, RSAKey> privateKeys = new ConcurrentHashMap<>();

	private final JWKSource<SecurityContext> verificationKeys = KeyRingJwkSource.verifying(this);

	private volatile KeyRingSnapshot snapshot;

	private volatile Instant lastLoaded;

	private volatile KeyRingTimes times;

	private volatile int keysUnderPreviousKek;

	public KeyRingService(KeyRingStore store, KeyRingPolicy policy, Duration rotationPeriod, Clock clock,
			SecurityEvents events) {
		this.events = events;
		this.store = store;
		this.policy = policy;
		this.rotationPeriod = rotationPeriod;
		this.clock = clock;
		KeyRingStore.Changed bootstrap = store.changeIfNeeded((stored, now, newKeys) -> stored.isEmpty()
				? stored.bootstrap(now, newKeys.generate(), newKeys.generate()) : stored);
		if (bootstrap.changed()) {
			logger.info("Created the key ring: {} signs, {} is next", bootstrap.after().signingKey().kid(),
					bootstrap.after().next().map(RingKey::kid).orElseThrow());
		}
		reload();
	}

	/** The current snapshot; never null once constructed. */
	public KeyRingSnapshot current() {
		return this.snapshot;
	}

	/**
	 * The public keys whose signatures the issuer itself still honours, from the current snapshot: for
	 * decoders of its own tokens that outlive their key's publication.
	 */
	public JWKSource<SecurityContext> verificationKeys() {
		return this.verificationKeys;
	}

	/**
	 * Whether the stored ring has revoked {@code kid}: the database, not the snapshot, so that a key
	 * revoked on another node counts before this node syncs. Joins the caller's transaction.
	 */
	public boolean isRevoked(String kid) {
		return kid != null && this.store.state(kid).filter(KeyState.REVOKED::equals).isPresent();
	}

	/** The moments of the ring as this node last read it: what the key gauges report (docs/metrics.md). */
	public KeyRingTimes times() {
		return this.times;
	}

	/** When this node last read the ring from the database. */
	public Instant lastLoaded() {
		return this.lastLoaded;
	}

	/**
	 * Reads the ring from the database and replaces the snapshot when what it signs with or publishes
	 * changed (publication also changes with time alone: retired keys drop out). Synchronized: the sync
	 * and an operator's change may reload at once, and an older read must never replace a newer one.
	 */
	public synchronized KeyRingSnapshot reload() {
		Map<String, SigningKey> rows = new HashMap<>();
		this.store.load().forEach((row) -> rows.put(row.kid(), row));
		this.keysUnderPreviousKek = (int) rows.values().stream().filter((row) -> !this.store.underCurrentKek(row)).count();
		KeyRing ring = new KeyRing(rows.values().stream().map(SigningKey::toRingKey).toList());
		Instant now = this.clock.instant();
		RingKey active = ring.signingKey();
		List<String> published = ring.published(now, this.policy).stream().map(RingKey::kid).toList();
		Set<String> verifying = ring.keys()
			.stream()
			.map(RingKey::kid)
			.filter((kid) -> ring.verifies(kid, now, this.policy))
			.collect(Collectors.toSet());
		this.times = KeyRingTimes.of(ring, this.policy, this.rotationPeriod);
		KeyRingSnapshot current = this.snapshot;
		if (current != null && current.signingKey().getKeyID().equals(active.kid())
				&& current.publishedKids().equals(published) && current.verifyingKids().equals(verifying)) {
			this.lastLoaded = now;
			return current;
		}
		RSAKey signingKey = this.privateKeys.computeIfAbsent(active.kid(), (kid) -> this.store.open(rows.get(kid)));
		List<JWK> publishedKeys = new ArrayList<>();
		for (String kid : published) {
			publishedKeys.add(kid.equals(active.kid()) ? signingKey : publicKey(rows.get(kid)));
		}
		List<JWK> verificationKeys = verifying.stream().map((kid) -> (JWK) publicKey(rows.get(kid))).toList();
		JWKSet jwks = new JWKSet(publishedKeys);
		KeyRingSnapshot next = new KeyRingSnapshot(signingKey, jwks, new JWKSet(verificationKeys),
				PublishedJwks.of(jwks));
		this.snapshot = next;
		this.lastLoaded = now;
		if (current != null) {
			logger.info("Key ring changed: signing with {}, publishing {}", active.kid(), published);
		}
		this.privateKeys.keySet().retainAll(Set.of(active.kid()));
		return next;
	}

	/**
	 * How many keys, at the last {@link #reload()}, were not recorded as sealed under the current KEK
	 * (sealed under a previous one, or before fingerprints were recorded): while it is not zero, a
	 * previous KEK may still be needed.
	 */
	public int keysUnderPreviousKek() {
		return this.keysUnderPreviousKek;
	}

	/**
	 * Re-seals every private key under the current KEK (see {@link KeyRingStore#rewrap()}); returns how
	 * many keys were re-sealed. Afterwards the previous KEKs may be removed from every node.
	 *
	 * @param actor who rewraps ({@code user:<admin id>}, {@code cli:<OS user>}): the audit row's actor,
	 * written in the rewrap's transaction
	 */
	public int rewrap(String actor) {
		int rewrapped;
		try {
			rewrapped = this.store.rewrap((count) -> this.events.kekRewrapped(actor, count));
		}
		catch (KeyDecryptionException ex) {
			throw new KeyNotOpenableException(ex);
		}
		logger.info("Re-sealed {} private keys under the current key-encryption key ({})", rewrapped,
				this.store.currentKekFingerprint());
		reload();
		return rewrapped;
	}

	/** The ring as the database has it now, with each key's publication: what operators see. */
	public List<KeyView> keys() {
		List<SigningKey> rows = this.store.load();
		KeyRing ring = new KeyRing(rows.stream().map(SigningKey::toRingKey).toList());
		Set<String> published = ring.published(this.clock.instant(), this.policy)
			.stream()
			.map(RingKey::kid)
			.collect(Collectors.toSet());
		return KeyView.sorted(rows, published, this.store::underCurrentKek);
	}

	/**
	 * The next key signs, the active one retires, a new next key is published.
	 *
	 * @param force skip the publish lead (resource servers that have not fetched the JWKS since the next
	 * key appeared refetch on its unknown kid, subject to their rate limit)
	 * @param actor who rotates ({@code user:<admin id>}, {@code cli:<OS user>}): the audit row's actor,
	 * written in the ring's transaction
	 * @throws KeyRotationRefusedException when the next key may not sign yet
	 */
	public KeyRing rotate(boolean force, String actor) {
		KeyRing ring = change((stored, now, newKeys) -> {
			// refuse before making a key: key generation is slow
			stored.activatableNext(now, this.policy, force);
			return stored.rotate(now, this.policy, force, newKeys.generate());
		}, (changed) -> this.events.keyRotated(actor, changed.after().signingKey().kid(), force)).after();
		logger.info("Keys rotated{}: {} signs, {} is next", force ? " (forced)" : "", ring.signingKey().kid(),
				ring.next().map(RingKey::kid).orElse("none"));
		reload();
		return ring;
	}

	/**
	 * The scheduled rotation: rotates when the active key has signed for the rotation period. The check
	 * runs inside the ring lock on the stored ring, so of several nodes exactly one rotates.
	 */
	public boolean rotateIfDue() {
		if (this.rotationPeriod.isZero()) {
			return false;
		}
		// the lock only when a plain read finds the rotation due: a node frozen while holding it then
		// delays no other node's routine sync
		KeyRingStore.Changed rotation = this.store.changeIfNeeded((stored, now, newKeys) -> {
			Instant earliest = stored.earliestActivation(this.policy, false).orElse(Instant.MAX);
			if (!stored.rotationDue(now, this.rotationPeriod) || now.isBefore(earliest)) {
				return stored;
			}
			return stored.rotate(now, this.policy, false, newKeys.generate());
		}, (changed) -> this.events.keyScheduledRotation(changed.after().signingKey().kid()));
		if (rotation.changed()) {
			logger.info("Scheduled rotation: {} signs, {} is next", rotation.after().signingKey().kid(),
					rotation.after().next().map(RingKey::kid).orElse("none"));
			reload();
		}
		return rotation.changed();
	}

	/**
	 * Revokes {@code kid}: it leaves the JWKS and the issuer honours nothing it signed. Revoking the
	 * active key first activates the next one; a revoked next key is replaced at once.
	 *
	 * @param actor who revokes: the audit row's actor, written in the ring's transaction
	 * @throws UnknownKeyException when the ring has no such key
	 * @throws KeyRotationRefusedException when the key is the active one and the next may not sign yet
	 */
	public KeyRing revoke(String kid, String actor) {
		KeyRing ring = change((stored, now, newKeys) -> {
			if (stored.find(kid).isEmpty()) {
				throw new UnknownKeyException(kid);
			}
			KeyRing revoked = stored.revoke(now, this.policy, kid);
			return revoked.next().isPresent() ? revoked : revoked.withNext(now, newKeys.generate());
		}, (changed) -> this.events.keyRevoked(actor, kid)).after();
		logger.warn("Key {} revoked: {} signs, {} is next", kid, ring.signingKey().kid(),
				ring.next().map(RingKey::kid).orElse("none"));
		reload();
		return ring;
	}

	/**
	 * Adds an operator's key (moving from another issuer) as the next key, published at once; the
	 * generated next key it replaces is revoked. It signs after the next rotation.
	 *
	 * @param actor who imports: the audit row's actor, written in the ring's transaction
	 * @throws KeyAlreadyInRingException when the ring has a key of that kid
	 */
	public RingKey importKey(RSAKey key, String actor) {
		KeyRing ring = change((stored, now, newKeys) -> {
			if (stored.find(key.getKeyID()).isPresent()) {
				throw new KeyAlreadyInRingException(key.getKeyID());
			}
			return stored.replaceNext(now, newKeys.add(key));
		}, (changed) -> this.events.keyImported(actor, key.getKeyID())).after();
		logger.info("Key {} imported as the next key", key.getKeyID());
		reload();
		return ring.find(key.getKeyID()).filter((imported) -> imported.state() == KeyState.NEXT).orElseThrow();
	}

	/** An operator's change of the stored ring; a rotation that comes too early is refused in HTTP terms. */
	private KeyRingStore.Changed change(KeyRingStore.Change change, Consumer<KeyRingStore.Changed> record) {
		try {
			return this.store.change(change, record);
		}
		catch (KeyRotationTooEarlyException ex) {
			throw new KeyRotationRefusedException(ex, this.clock.instant());
		}
	}

	private RSAKey publicKey(SigningKey row) {
		return this.publicKeys.computeIfAbsent(row.kid(), (kid) -> {
			try {
				return RSAKey.parse(row.publicJwk()).toPublicJWK();
			}
			catch (ParseException ex) {
				throw new IllegalStateException("Stored public key " + kid + " is not a JWK", ex);
			}
		});
	}

}
