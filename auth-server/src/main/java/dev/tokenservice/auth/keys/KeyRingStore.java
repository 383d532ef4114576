package dev.tokenservice.auth.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.KeyRing;
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

	private final int keySize;

	private final Clock clock;

	public KeyRingStore(SigningKeyRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
			KeyEncryptionKey kek, int keySize, Clock clock) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kek = kek;
		this.keySize = keySize;
		this.clock = clock;
	}

	public List<SigningKey> load() {
		return this.repository.findAll();
	}

	/** The private key of {@code row}, opened with the KEK. */
	public RSAKey open(SigningKey row) {
		return PrivateKeyEnvelope.open(row.privateKey(), row.kid(), this.kek);
	}

	/**
	 * Applies {@code change} to the stored ring under the ring lock and saves the keys it changed or
	 * added; returns the ring before and after.
	 */
	public Changed change(Change change) {
		return this.transactions.execute((status) -> {
			lockRing();
			Map<String, SigningKey> rows = new HashMap<>();
			this.repository.findAll().forEach((row) -> rows.put(row.kid(), row));
			KeyRing before = new KeyRing(rows.values().stream().map(SigningKey::toRingKey).toList());
			NewKeys newKeys = new NewKeys(this.keySize);
			KeyRing after = change.apply(before, this.clock.instant(), newKeys);
			for (RingKey key : after.changedSince(before)) {
				SigningKey row = rows.get(key.kid());
				this.repository.save((row != null) ? row.withLifecycle(key) : newRow(newKeys.material(key.kid()), key));
			}
			return new Changed(before, after);
		});
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

	/** Key material a change adds: generated, or imported by an operator. */
	public static final class NewKeys {

		private final Map<String, RSAKey> material = new HashMap<>();

		private final int size;

		NewKeys(int size) {
			this.size = size;
		}

		/** Generates a key of the configured size; returns its kid. */
		public String generate() {
			return add(RsaKeys.generate(this.size));
		}

		public String add(RSAKey key) {
			this.material.put(key.getKeyID(), key);
			return key.getKeyID();
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
