package dev.tokenservice.auth.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.KeyRing;
import dev.tokenservice.keys.KeyState;
import dev.tokenservice.keys.PrivateKeyEnvelope;
import dev.tokenservice.keys.RingKey;
import dev.tokenservice.keys.RsaKeys;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ring's rows. Every change runs in one transaction holding the ring lock, on the ring as the
 * database has it at that moment, so changes by several nodes (or the command line) never interleave
 * and a node's stale view never overwrites a newer one.
 */
public class KeyRingStore {

	private final SigningKeyRepository repository;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final KeyEncryptionKey kek;

	private final Supplier<RSAKey> keyGenerator;

	private final Clock clock;

	/** {@code keyGenerator} makes the material of new keys (thumbprint kids), e.g. {@link RsaKeys#generate(int)}. */
	public KeyRingStore(SigningKeyRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
			KeyEncryptionKey kek, Supplier<RSAKey> keyGenerator, Clock clock) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kek = kek;
		this.keyGenerator = keyGenerator;
		this.clock = clock;
	}

	public List<SigningKey> load() {
		return this.repository.findAll();
	}

	/** The stored state of key {@code kid}, if the ring has it; in the caller's transaction, if any. */
	public Optional<KeyState> state(String kid) {
		return this.jdbc.sql("select state from signing_key where kid = ?")
			.param(kid)
			.query(String.class)
			.optional()
			.map(KeyState::of);
	}

	/** The private key of {@code row}, opened with the KEK. */
	public RSAKey open(SigningKey row) {
		return PrivateKeyEnvelope.open(row.privateKey(), row.kid(), this.kek);
	}

	/**
	 * Applies {@code change} to the stored ring under the ring lock and saves the keys it changed or
	 * added; returns the ring before and after. Key generation can take seconds on a busy machine, and
	 * a key's creation time starts its publish lead: the keys a change needs are made first, outside
	 * the lock, and the time the change stamps is read after the last of them exists.
	 */
	public Changed change(Change change) {
		NewKeys newKeys = new NewKeys(this.keyGenerator);
		try {
			change.apply(ring(this.repository.findAll()), this.clock.instant(), newKeys);
		}
		catch (RuntimeException ex) {
			// only a dry run to make keys: the run under the lock decides
		}
		return this.transactions.execute((status) -> {
			lockRing();
			Map<String, SigningKey> rows = new HashMap<>();
			this.repository.findAll().forEach((row) -> rows.put(row.kid(), row));
			KeyRing before = ring(rows.values());
			KeyRing after;
			do {
				// again while the stored ring asked for more keys than the dry run made
				newKeys.rewind();
				after = change.apply(before, this.clock.instant(), newKeys);
			}
			while (newKeys.madeKeysInThisRun());
			for (RingKey key : after.changedSince(before)) {
				SigningKey row = rows.get(key.kid());
				this.repository.save((row != null) ? row.withLifecycle(key) : newRow(newKeys.material(key.kid()), key));
			}
			return new Changed(before, after);
		});
	}

	private static KeyRing ring(Collection<SigningKey> rows) {
		return new KeyRing(rows.stream().map(SigningKey::toRingKey).toList());
	}

	private SigningKey newRow(RSAKey material, RingKey lifecycle) {
		return new SigningKey(material.getKeyID(), lifecycle.state().value(), JWSAlgorithm.RS256.getName(),
				RsaKeys.size(material), material.toPublicJWK().toJSONString(),
				PrivateKeyEnvelope.seal(material, this.kek), lifecycle.createdAt(), lifecycle.activatedAt(),
				lifecycle.retiredAt(), lifecycle.revokedAt(), null);
	}

	private void lockRing() {
		this.jdbc.sql("select id from key_ring_lock where id = 1 for update").query(Integer.class).single();
	}

	/** One change of the ring, given the stored ring, the time inside the lock and a source of new keys. */
	@FunctionalInterface
	public interface Change {

		KeyRing apply(KeyRing ring, Instant now, NewKeys newKeys);

	}

	/** The stored ring before and after one change. */
	public record Changed(KeyRing before, KeyRing after) {

		public boolean changed() {
			return !this.after.changedSince(this.before).isEmpty();
		}

	}

	/**
	 * Key material a change adds: generated, or imported by an operator. A change may run more than
	 * once; each run is handed the keys made for the runs before, in the same order.
	 */
	public static final class NewKeys {

		private final Map<String, RSAKey> material = new HashMap<>();

		private final List<RSAKey> generated = new ArrayList<>();

		private final Supplier<RSAKey> generator;

		private int handedOut;

		private boolean madeKeys;

		NewKeys(Supplier<RSAKey> generator) {
			this.generator = generator;
		}

		/** A new key; returns its kid. */
		public String generate() {
			if (this.handedOut == this.generated.size()) {
				this.generated.add(this.generator.get());
				this.madeKeys = true;
			}
			return add(this.generated.get(this.handedOut++));
		}

		public String add(RSAKey key) {
			this.material.put(key.getKeyID(), key);
			return key.getKeyID();
		}

		void rewind() {
			this.handedOut = 0;
			this.madeKeys = false;
		}

		boolean madeKeysInThisRun() {
			return this.madeKeys;
		}

		RSAKey material(String kid) {
			RSAKey key = this.material.get(kid);
			if (key == null) {
				throw new IllegalStateException("The change added key " + kid + " without its material");
			}
			return key;
		}

	}

}
