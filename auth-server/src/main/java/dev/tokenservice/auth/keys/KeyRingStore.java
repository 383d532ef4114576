package dev.tokenservice.auth.keys;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.keys.KeyEncryptionKeys;
import dev.tokenservice.keys.KeyRing;
import dev.tokenservice.keys.KeyState;
import dev.tokenservice.keys.RingKey;
import dev.tokenservice.keys.RsaKeys;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ring's rows. Every change runs in one transaction holding the ring lock, on the ring as the
 * database has it at that moment, so changes by several nodes (or the command line) never interleave
 * and a node's stale view never overwrites a newer one.
 */
public class KeyRingStore {

	/** How long a change waits for the ring lock before it fails. */
	public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * How long (PostgreSQL) a transaction holding the ring lock may sit idle before PostgreSQL ends it:
	 * longer than making a key inside the lock (which a change rarely needs) on a busy machine.
	 */
	public static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private final SigningKeyRepository repository;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final KeyEncryptionKeys keks;

	private final Supplier<RSAKey> keyGenerator;

	private final Clock clock;

	private final Locking locking;

	/**
	 * {@code keyGenerator} makes the material of new keys (thumbprint kids), e.g.
	 * {@link RsaKeys#generate(int)}; {@code locking} bounds the waits on the ring lock.
	 */
	public KeyRingStore(SigningKeyRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
			KeyEncryptionKeys keks, Supplier<RSAKey> keyGenerator, Clock clock, Locking locking) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.keks = keks;
		this.keyGenerator = keyGenerator;
		this.clock = clock;
		this.locking = locking;
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

	/** The private key of {@code row}, opened with the KEK that sealed it (the current or a previous one). */
	public RSAKey open(SigningKey row) {
		return this.keks.open(row.privateKey(), row.kid(), row.kekFingerprint()).key();
	}

	/** Whether {@code row} is recorded as sealed under the current KEK. */
	public boolean underCurrentKek(SigningKey row) {
		return this.keks.isCurrent(row.kekFingerprint());
	}

	/** The fingerprint of the current KEK (a one-way digest: safe to show). */
	public String currentKekFingerprint() {
		return this.keks.current().fingerprint();
	}

	/**
	 * Re-seals every private key not yet under the current KEK, in one transaction holding the ring
	 * lock: a failure or crash half-way leaves every key sealed as before. Fails (changing nothing) when
	 * a key opens with none of the configured KEKs. Returns how many keys it re-sealed.
	 */
	public int rewrap() {
		return rewrap((count) -> {
		});
	}

	/**
	 * As {@link #rewrap()}, and {@code record} (e.g. the audit row) runs with the count in the same
	 * transaction, so the rewrap and its record commit or roll back together.
	 */
	public int rewrap(IntConsumer record) {
		return rewrap((kid) -> {
		}, record);
	}

	/** As {@link #rewrap(IntConsumer)}; {@code afterEach} runs after each key is re-sealed, in the transaction. */
	int rewrap(Consumer<String> afterEach, IntConsumer record) {
		Integer rewrapped = this.transactions.execute((status) -> {
			lockRing();
			int count = 0;
			List<SigningKey> rows = new ArrayList<>(this.repository.findAll());
			rows.sort(Comparator.comparing(SigningKey::kid));
			for (SigningKey row : rows) {
				KeyEncryptionKeys.Opened opened = this.keks.open(row.privateKey(), row.kid(), row.kekFingerprint());
				if (opened.underCurrent() && underCurrentKek(row)) {
					continue;
				}
				this.repository.save(row.withPrivateKey(this.keks.seal(opened.key())));
				count++;
				afterEach.accept(row.kid());
			}
			record.accept(count);
			return count;
		});
		return (rewrapped != null) ? rewrapped : 0;
	}

	/**
	 * Applies {@code change} to the stored ring under the ring lock and saves the keys it changed or
	 * added; returns the ring before and after. Key generation can take seconds on a busy machine, and
	 * a key's creation time starts its publish lead: the keys a change needs are made first, outside
	 * the lock, and the time the change stamps is read after the last of them exists.
	 */
	public Changed change(Change change) {
		return change(change, false, (changed) -> {
		});
	}

	/**
	 * As {@link #change}, and {@code record} (e.g. the audit row) runs in the same transaction after the
	 * keys are saved, so the change and its record commit or roll back together.
	 */
	public Changed change(Change change, Consumer<Changed> record) {
		return change(change, false, record);
	}

	/**
	 * As {@link #change}, but without the ring lock when {@code change} changes nothing on the ring as
	 * a plain read (which never waits on the lock) finds it: for changes that a newer ring cannot make
	 * necessary again, such as creating the ring when there is none or the scheduled rotation, so that
	 * a node's routine sync takes the lock only when there is work to do.
	 */
	public Changed changeIfNeeded(Change change) {
		return change(change, true, (changed) -> {
		});
	}

	/** As {@link #changeIfNeeded}, with {@code record} run in the transaction when the ring changed. */
	public Changed changeIfNeeded(Change change, Consumer<Changed> record) {
		return change(change, true, record);
	}

	private Changed change(Change change, boolean skipWhenUnchanged, Consumer<Changed> record) {
		NewKeys newKeys = new NewKeys(this.keyGenerator);
		try {
			KeyRing read = ring(this.repository.findAll());
			KeyRing changed = change.apply(read, this.clock.instant(), newKeys);
			if (skipWhenUnchanged && changed.changedSince(read).isEmpty()) {
				return new Changed(read, read);
			}
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
			Changed changed = new Changed(before, after);
			if (changed.changed()) {
				record.accept(changed);
			}
			return changed;
		});
	}

	private static KeyRing ring(Collection<SigningKey> rows) {
		return new KeyRing(rows.stream().map(SigningKey::toRingKey).toList());
	}

	private SigningKey newRow(RSAKey material, RingKey lifecycle) {
		KeyEncryptionKeys.Sealed sealed = this.keks.seal(material);
		return new SigningKey(material.getKeyID(), lifecycle.state().value(), JWSAlgorithm.RS256.getName(),
				RsaKeys.size(material), material.toPublicJWK().toJSONString(), sealed.value(), lifecycle.createdAt(),
				lifecycle.activatedAt(), lifecycle.retiredAt(), lifecycle.revokedAt(), sealed.fingerprint(), null);
	}

	/**
	 * Takes the ring lock, waiting at most {@link Locking#lockWait()}: a node frozen while holding it must
	 * not stall every other node's rotation or an operator's change. On PostgreSQL the transaction also
	 * may sit idle at most {@link Locking#idle()}, so that PostgreSQL ends a frozen holder's session
	 * and frees the lock. H2 bounds every lock wait by its own lock timeout (one second by default). A
	 * wait that times out fails as a {@code PessimisticLockingFailureException} (a transient failure:
	 * 503 with Retry-After to an operator).
	 */
	private void lockRing() {
		if (this.locking.postgres()) {
			// SET LOCAL: for this transaction only, the pooled connection keeps the server's defaults
			this.jdbc
				.sql("select set_config('lock_timeout', ?, true), set_config('idle_in_transaction_session_timeout', ?, true)")
				.param(this.locking.lockWait().toMillis() + "ms")
				.param(this.locking.idle().toMillis() + "ms")
				.query()
				.listOfRows();
		}
		try {
			this.jdbc.sql("select id from key_ring_lock where id = 1 for update").query(Integer.class).single();
		}
		catch (UncategorizedSQLException ex) {
			// PostgreSQL's lock_timeout (55P03, lock_not_available) is not translated by Spring
			if (ex.getSQLException() != null && LOCK_NOT_AVAILABLE.equals(ex.getSQLException().getSQLState())) {
				throw new CannotAcquireLockException("The key ring lock was not free within "
						+ this.locking.lockWait().toMillis() + " ms: another node holds it", ex.getSQLException());
			}
			throw ex;
		}
	}

	/**
	 * How long a change waits for the ring lock and, on PostgreSQL, how long its transaction may sit
	 * idle while holding it.
	 */
	public record Locking(boolean postgres, Duration lockWait, Duration idle) {

		/** {@link #LOCK_TIMEOUT} and {@link #IDLE_IN_TRANSACTION_TIMEOUT} on {@code dataSource}'s database. */
		public static Locking of(DataSource dataSource) {
			return new Locking(isPostgres(dataSource), LOCK_TIMEOUT, IDLE_IN_TRANSACTION_TIMEOUT);
		}

		private static boolean isPostgres(DataSource dataSource) {
			try {
				return "PostgreSQL".equals(
						JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
			}
			catch (MetaDataAccessException ex) {
				throw new IllegalStateException("Cannot tell which database holds the key ring", ex);
			}
		}

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
