package dev.tokenservice.auth.keys;

import java.time.Clock;
import java.time.Instant;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.KeyRing;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.PrivateKeyEnvelope;
import dev.tokenservice.keys.RingKey;
import dev.tokenservice.keys.RsaKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The node's view of the key ring stored in the database: creates the first keys under the ring
 * lock, and keeps a snapshot that signing and the JWKS read without touching the
 * database.
 */
public class KeyRingService {

	private static final Logger logger = LoggerFactory.getLogger(KeyRingService.class);

	private final SigningKeyRepository repository;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final KeyEncryptionKey kek;

	private final KeysProperties properties;

	private final KeyRingPolicy policy;

	private final Clock clock;

	// decrypting is cheap but not free, and the active key changes only at rotation
	private final Map<String, RSAKey> openedPrivateKeys = new ConcurrentHashMap<>();

	private volatile KeyRingSnapshot snapshot;

	public KeyRingService(SigningKeyRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
			KeyEncryptionKey kek, KeysProperties properties, KeyRingPolicy policy, Clock clock) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kek = kek;
		this.properties = properties;
		this.policy = policy;
		this.clock = clock;
		bootstrapIfEmpty();
		reload();
	}

	/** The current snapshot; never null once constructed. */
	public KeyRingSnapshot current() {
		return this.snapshot;
	}

	public KeyRingPolicy policy() {
		return this.policy;
	}

	/** Reads the ring from the database and replaces the snapshot. */
	public KeyRingSnapshot reload() {
		List<SigningKey> rows = this.repository.findAll();
		KeyRing ring = new KeyRing(rows.stream().map(SigningKey::toRingKey).toList());
		Map<String, SigningKey> byKid = new HashMap<>();
		rows.forEach((row) -> byKid.put(row.kid(), row));
		RingKey active = ring.signingKey();
		RSAKey signingKey = this.openedPrivateKeys.computeIfAbsent(active.kid(),
				(kid) -> PrivateKeyEnvelope.open(byKid.get(kid).privateKey(), kid, this.kek));
		List<JWK> published = new ArrayList<>();
		for (RingKey key : ring.published(this.clock.instant(), this.policy)) {
			published.add(key.kid().equals(active.kid()) ? signingKey : parsePublic(byKid.get(key.kid())));
		}
		List<JWK> verifying = ring.keys()
			.stream()
			.filter((key) -> ring.verifies(key.kid()))
			.map((key) -> (JWK) parsePublic(byKid.get(key.kid())))
			.toList();
		KeyRingSnapshot next = new KeyRingSnapshot(ring, signingKey, new JWKSet(published), new JWKSet(verifying));
		this.snapshot = next;
		return next;
	}

	private void bootstrapIfEmpty() {
		this.transactions.executeWithoutResult((status) -> {
			lockRing();
			if (this.repository.count() > 0) {
				return;
			}
			Instant now = this.clock.instant();
			RSAKey active = RsaKeys.generate(this.properties.size());
			RSAKey next = RsaKeys.generate(this.properties.size());
			KeyRing ring = new KeyRing(List.of()).bootstrap(now, active.getKeyID(), next.getKeyID());
			for (RingKey key : ring.keys()) {
				RSAKey material = key.kid().equals(active.getKeyID()) ? active : next;
				this.repository.save(newRow(material, key));
			}
			logger.info("Created the key ring: active key {}, next key {}", active.getKeyID(), next.getKeyID());
		});
	}

	/** A new row for freshly generated or imported key material. */
	private SigningKey newRow(RSAKey material, RingKey lifecycle) {
		return new SigningKey(material.getKeyID(), lifecycle.state().value(), JWSAlgorithm.RS256.getName(),
				RsaKeys.size(material), material.toPublicJWK().toJSONString(),
				PrivateKeyEnvelope.seal(material, this.kek), lifecycle.createdAt(), lifecycle.activatedAt(),
				lifecycle.retiredAt(), lifecycle.revokedAt(), null);
	}

	private void lockRing() {
		this.jdbc.sql("select id from key_ring_lock where id = 1 for update").query(Integer.class).single();
	}

	private static RSAKey parsePublic(SigningKey row) {
		try {
			return RSAKey.parse(row.publicJwk()).toPublicJWK();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored public key " + row.kid() + " is not a JWK", ex);
		}
	}

}
