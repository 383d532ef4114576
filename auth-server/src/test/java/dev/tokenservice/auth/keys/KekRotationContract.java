package dev.tokenservice.auth.keys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tokenservice.keys.KeyDecryptionException;
import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.KeyEncryptionKeys;
import dev.tokenservice.keys.PrivateKeyEnvelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.tokenservice.auth.keys.KeyRingNodes.PUBLISH_LEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rotating the key-encryption key on one database: a ring sealed under an old KEK, nodes started with
 * a new KEK and the old one as a previous KEK, the rewrap, and nodes started with the new KEK alone.
 */
abstract class KekRotationContract {

	final KeyEncryptionKey oldKek = KeyEncryptionKey.generate();

	final KeyEncryptionKey newKek = KeyEncryptionKey.generate();

	private final List<KeyRingNodes> started = new java.util.ArrayList<>();

	/** The datasource settings of this test's database; {@code fresh} empties it first. */
	abstract Map<String, String> database(boolean fresh);

	@AfterEach
	void stopNodes() {
		this.started.forEach(KeyRingNodes::close);
	}

	@Test
	void keysOfThePreviousKekOpenUntilTheRewrapAndAfterItTheNewKekAloneOpensEverything() {
		KeyRingService old = ringOfThreeKeysUnder(this.oldKek);
		String signing = old.current().signingKey().getKeyID();
		String jwks = old.current().jwks().toString();

		assertThatThrownBy(() -> nodes(this.newKek)).as("the new KEK alone, before the rewrap")
			.hasRootCauseInstanceOf(KeyDecryptionException.class);
		KeyRingNodes rotating = nodes(this.newKek, this.oldKek);
		KeyRingService node = rotating.startNode();
		assertThat(node.current().signingKey().getKeyID()).isEqualTo(signing);
		assertThat(node.keysUnderPreviousKek()).isEqualTo(3);
		assertThat(rows(rotating)).allSatisfy((row) -> assertOpens(row, this.oldKek));

		assertThat(node.rewrap("cli:test")).isEqualTo(3);
		assertThat(node.keysUnderPreviousKek()).isZero();
		assertThat(rows(rotating)).hasSize(3).allSatisfy((row) -> {
			assertOpens(row, this.newKek);
			assertDoesNotOpen(row, this.oldKek);
			assertThat(row.kekFingerprint()).isEqualTo(this.newKek.fingerprint());
		});
		assertThat(node.rewrap("cli:test")).as("nothing left to re-seal").isZero();
		assertThat(rewrapAudit(rotating)).containsExactly("cli:test rewrapped 3 keys", "cli:test rewrapped 0 keys");

		KeyRingService withoutPrevious = nodes(this.newKek).startNode();
		assertThat(withoutPrevious.current().signingKey().getKeyID()).isEqualTo(signing);
		assertThat(withoutPrevious.current().jwks().toString()).isEqualTo(jwks);
		assertThat(withoutPrevious.keysUnderPreviousKek()).isZero();
		assertThat(withoutPrevious.current().signingKey().isPrivate()).isTrue();
	}

	@Test
	void aCrashAfterTheFirstKeyIsReSealedLeavesEveryKeyUnderTheOldKek() {
		ringOfThreeKeysUnder(this.oldKek);
		KeyRingNodes rotating = nodes(this.newKek, this.oldKek);
		List<SigningKey> before = rows(rotating);
		List<String> resealed = new java.util.ArrayList<>();

		assertThatThrownBy(() -> rotating.store.rewrap((kid) -> {
			resealed.add(kid);
			throw new IllegalStateException("the node died here");
		}, (count) -> {
		})).hasMessage("the node died here");

		assertThat(resealed).hasSize(1);
		assertNothingChanged(before, rows(rotating));
		assertThat(rewrapAudit(rotating)).as("no record of a rewrap that did not happen").isEmpty();
		assertThat(rotating.store.rewrap()).as("a rewrap after the crash").isEqualTo(3);
		assertThat(rows(rotating)).allSatisfy((row) -> assertOpens(row, this.newKek));
	}

	@Test
	void aKeyThatNoConfiguredKekOpensFailsTheRewrapAndChangesNothing() {
		ringOfThreeKeysUnder(this.oldKek);
		KeyRingNodes nodes = nodes(this.oldKek);
		KeyRingStore wrongPrevious = nodes.store(
				new KeyEncryptionKeys(this.newKek, List.of(KeyEncryptionKey.generate())));
		List<SigningKey> before = rows(nodes);

		assertThatExceptionOfType(KeyDecryptionException.class).isThrownBy(() -> wrongPrevious.rewrap())
			.withMessageContaining(before.get(0).kid())
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(this.oldKek.toBase64())
				.doesNotContain(this.newKek.toBase64()));

		assertNothingChanged(before, rows(nodes));
	}

	/** A ring as an old installation has it: an active, a next and a revoked key, all under {@code kek}. */
	KeyRingService ringOfThreeKeysUnder(KeyEncryptionKey kek) {
		KeyRingNodes nodes = nodes(true, kek);
		KeyRingService node = nodes.startNode();
		nodes.clock.advance(PUBLISH_LEAD);
		String first = node.current().signingKey().getKeyID();
		node.rotate(false, "cli:test");
		node.revoke(first, "cli:test");
		assertThat(rows(nodes)).hasSize(3).allSatisfy((row) -> assertOpens(row, kek));
		return node;
	}

	KeyRingNodes nodes(KeyEncryptionKey kek, KeyEncryptionKey... previous) {
		return nodes(false, kek, previous);
	}

	private KeyRingNodes nodes(boolean fresh, KeyEncryptionKey kek, KeyEncryptionKey... previous) {
		Map<String, String> settings = new HashMap<>(database(fresh));
		settings.put("app.keys.kek", kek.toBase64());
		for (int i = 0; i < previous.length; i++) {
			settings.put("app.keys.previous-keks[" + i + "]", previous[i].toBase64());
		}
		KeyRingNodes nodes = new KeyRingNodes(settings);
		this.started.add(nodes);
		return nodes;
	}

	/** The kek.rewrapped audit rows, oldest first: actor and outcome. */
	static List<String> rewrapAudit(KeyRingNodes nodes) {
		return nodes.jdbc.sql("select actor, outcome from audit_event where action = 'kek.rewrapped' order by id")
			.query((rs, row) -> rs.getString(1) + " " + rs.getString(2))
			.list();
	}

	static List<SigningKey> rows(KeyRingNodes nodes) {
		return nodes.store.load().stream().sorted(java.util.Comparator.comparing(SigningKey::kid)).toList();
	}

	void assertNothingChanged(List<SigningKey> before, List<SigningKey> after) {
		assertThat(after).hasSameSizeAs(before);
		for (int i = 0; i < before.size(); i++) {
			assertThat(after.get(i).privateKey()).isEqualTo(before.get(i).privateKey());
			assertThat(after.get(i).kekFingerprint()).isEqualTo(before.get(i).kekFingerprint());
			assertThat(after.get(i).version()).isEqualTo(before.get(i).version());
			assertOpens(after.get(i), this.oldKek);
		}
	}

	static void assertOpens(SigningKey row, KeyEncryptionKey kek) {
		assertThat(PrivateKeyEnvelope.open(row.privateKey(), row.kid(), kek).getKeyID()).isEqualTo(row.kid());
	}

	static void assertDoesNotOpen(SigningKey row, KeyEncryptionKey kek) {
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> PrivateKeyEnvelope.open(row.privateKey(), row.kid(), kek));
	}

}
