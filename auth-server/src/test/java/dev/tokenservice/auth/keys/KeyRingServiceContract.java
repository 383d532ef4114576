package dev.tokenservice.auth.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.keys.KeyRotationTooEarlyException;
import dev.tokenservice.keys.KeyState;
import dev.tokenservice.keys.PemKeys;
import dev.tokenservice.keys.RingKey;
import dev.tokenservice.keys.RsaKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static dev.tokenservice.auth.keys.KeyRingNodes.ACCESS_TOKEN_TTL;
import static dev.tokenservice.auth.keys.KeyRingNodes.CLOCK_SKEW;
import static dev.tokenservice.auth.keys.KeyRingNodes.PUBLISH_LEAD;
import static dev.tokenservice.auth.keys.KeyRingNodes.REFRESH_LIFETIME;
import static dev.tokenservice.auth.keys.KeyRingNodes.ROTATION_PERIOD;
import static dev.tokenservice.auth.keys.KeyRingNodes.SYNC_INTERVAL;
import static dev.tokenservice.auth.support.KeyRingViews.nextKey;
import static dev.tokenservice.auth.support.Race.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules of rotation as operators and several nodes meet them: two {@link KeyRingService}s on one
 * database stand for two auth-server nodes, time moves by hand, and a node learns what the other did
 * only by re-reading the ring ({@code reload()}, what its sync does every interval).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyRingServiceContract {

	private final KeyRingNodes nodes = new KeyRingNodes(settings());

	abstract Map<String, String> settings();

	@BeforeEach
	void emptyRing() {
		this.nodes.reset();
	}

	@AfterAll
	void stop() {
		this.nodes.close();
	}

	@Test
	void rotationBeforeThePublishLeadIsRefusedWithTheMomentItMayHappen() {
		KeyRingService node = this.nodes.startNode();
		KeyView next = nextKey(node);

		assertThatExceptionOfType(KeyRotationRefusedException.class).isThrownBy(() -> node.rotate(false, "cli:test"))
			.withCauseInstanceOf(KeyRotationTooEarlyException.class)
			.satisfies((ex) -> assertThat(ex.earliest()).hasValue(next.createdAt().plus(PUBLISH_LEAD)));

		this.nodes.clock.advance(PUBLISH_LEAD);
		node.rotate(false, "cli:test");
		assertThat(node.current().signingKey().getKeyID()).isEqualTo(next.kid());
	}

	@Test
	void forcedRotationSkipsThePublishLeadButNotThePropagationToEveryNode() {
		KeyRingService node = this.nodes.startNode();
		KeyView next = nextKey(node);

		assertThatExceptionOfType(KeyRotationRefusedException.class).isThrownBy(() -> node.rotate(true, "cli:test"))
			.satisfies((ex) -> assertThat(ex.earliest()).hasValue(next.createdAt().plus(SYNC_INTERVAL.multipliedBy(2))));

		this.nodes.clock.advance(SYNC_INTERVAL.multipliedBy(2));
		node.rotate(true, "cli:test");
		assertThat(node.current().signingKey().getKeyID()).isEqualTo(next.kid());
	}

	@Test
	void aNewKeyIsStampedOnlyOnceItsMaterialExistsHoweverLongGenerationTakes() {
		List<Instant> madeAt = new CopyOnWriteArrayList<>();
		KeyRingService node = this.nodes.startNodeWithSlowKeyGeneration(Duration.ofMinutes(3), madeAt);
		assertThat(madeAt).hasSize(2);
		assertThat(nextKey(node).createdAt()).isAfterOrEqualTo(madeAt.get(1));

		assertThatExceptionOfType(KeyRotationRefusedException.class).isThrownBy(() -> node.rotate(false, "cli:test"));
		assertThat(madeAt).as("a refused rotation makes no key").hasSize(2);

		this.nodes.clock.advance(PUBLISH_LEAD);
		node.rotate(false, "cli:test");
		assertThat(madeAt).hasSize(3);
		KeyView next = nextKey(node);
		assertThat(next.createdAt()).isAfterOrEqualTo(madeAt.get(2));
		// its publish lead runs from when it could first be published, not from when its making began
		assertThatExceptionOfType(KeyRotationRefusedException.class).isThrownBy(() -> node.rotate(true, "cli:test"));
	}

	@Test
	void everyNodeSignsOnlyWithAKeyEveryNodePublishesAndSeesChangesAtItsNextSync() {
		KeyRingService a = this.nodes.startNode();
		KeyRingService b = this.nodes.startNode();
		String first = a.current().signingKey().getKeyID();
		assertThat(b.current().publishedKids()).isEqualTo(a.current().publishedKids());
		assertEverySignerIsPublishedByEveryNode(a, b);

		this.nodes.clock.advance(PUBLISH_LEAD);
		a.rotate(false, "cli:test");

		// b has not synced: it still signs with the retired key, which a still publishes
		assertThat(b.current().signingKey().getKeyID()).isEqualTo(first);
		assertThat(a.current().signingKey().getKeyID()).isNotEqualTo(first);
		assertEverySignerIsPublishedByEveryNode(a, b);
		b.reload();
		assertThat(b.current().signingKey().getKeyID()).isEqualTo(a.current().signingKey().getKeyID());
		assertThat(b.current().publishedKids()).isEqualTo(a.current().publishedKids());
		assertEverySignerIsPublishedByEveryNode(a, b);

		b.revoke(first, "cli:test");
		assertThat(a.current().publishedKids()).as("before a's sync").contains(first);
		a.reload();
		assertThat(a.current().publishedKids()).doesNotContain(first);
		assertThat(a.current().verifies(first)).isFalse();
	}

	@Test
	void retiredKeyIsPublishedUntilItsAccessTokensExpiredAndVerifiesUntilItsRefreshTokensExpired() {
		KeyRingService node = this.nodes.startNode();
		String old = node.current().signingKey().getKeyID();
		this.nodes.clock.advance(PUBLISH_LEAD);
		node.rotate(false, "cli:test");
		assertThat(node.current().publishedKids()).contains(old);

		this.nodes.clock.advance(ACCESS_TOKEN_TTL.plus(CLOCK_SKEW).minusSeconds(1));
		assertThat(node.reload().publishedKids()).contains(old);
		this.nodes.clock.advance(Duration.ofSeconds(1));
		assertThat(node.reload().publishedKids()).doesNotContain(old);
		assertThat(node.current().verifies(old)).as("its refresh tokens still live").isTrue();
		assertThat(node.keys()).filteredOn((key) -> key.kid().equals(old))
			.singleElement()
			.satisfies((key) -> assertThat(key.published()).isFalse())
			.satisfies((key) -> assertThat(key.state()).isEqualTo("retired"));

		this.nodes.clock.advance(REFRESH_LIFETIME);
		assertThat(node.reload().verifies(old)).isFalse();
	}

	@Test
	void revokedRetiredKeyLeavesTheJwksAtOnceAndIsNoLongerHonoured() {
		KeyRingService node = this.nodes.startNode();
		String old = node.current().signingKey().getKeyID();
		this.nodes.clock.advance(PUBLISH_LEAD);
		node.rotate(false, "cli:test");

		node.revoke(old, "cli:test");

		assertThat(node.current().publishedKids()).doesNotContain(old).hasSize(2);
		assertThat(node.current().verifies(old)).isFalse();
		assertThat(node.keys()).filteredOn((key) -> key.kid().equals(old))
			.singleElement()
			.satisfies((key) -> assertThat(key.state()).isEqualTo("revoked"))
			.satisfies((key) -> assertThat(key.revokedAt()).isNotNull());
		// revoking again changes nothing
		node.revoke(old, "cli:test");
		assertThat(node.keys()).hasSize(3);
	}

	@Test
	void revokingTheActiveKeyActivatesTheNextOnceEveryNodePublishesItAndAddsANewNextKey() {
		KeyRingService node = this.nodes.startNode();
		String active = node.current().signingKey().getKeyID();
		String next = nextKey(node).kid();
		assertThatExceptionOfType(KeyRotationRefusedException.class).isThrownBy(() -> node.revoke(active, "cli:test"));

		this.nodes.clock.advance(SYNC_INTERVAL.multipliedBy(2));
		node.revoke(active, "cli:test");

		assertThat(node.current().signingKey().getKeyID()).isEqualTo(next);
		String newNext = nextKey(node).kid();
		assertThat(newNext).isNotIn(active, next);
		assertThat(node.current().publishedKids()).containsExactly(next, newNext);
		assertThat(node.current().verifies(active)).isFalse();
	}

	@Test
	void revokedNextKeyIsReplacedAtOnce() {
		KeyRingService node = this.nodes.startNode();
		String next = nextKey(node).kid();

		node.revoke(next, "cli:test");

		KeyView replacement = nextKey(node);
		assertThat(replacement.kid()).isNotEqualTo(next);
		assertThat(node.current().publishedKids()).doesNotContain(next).contains(replacement.kid());
		// the replacement waits its own publish lead
		assertThatExceptionOfType(KeyRotationRefusedException.class).isThrownBy(() -> node.rotate(false, "cli:test"))
			.satisfies((ex) -> assertThat(ex.earliest()).hasValue(replacement.createdAt().plus(PUBLISH_LEAD)));
	}

	@Test
	void revokingAnUnknownKidIsRefused() {
		KeyRingService node = this.nodes.startNode();

		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> node.revoke("no-such-kid", "cli:test"));
	}

	@Test
	void importedKeyIsTheNextKeySealedAtRestAndSignsAfterTheNextRotation() {
		KeyRingService node = this.nodes.startNode();
		String generatedNext = nextKey(node).kid();
		RSAKey material = RsaKeys.generate();

		RingKey imported = node.importKey(KeyImport.read(PemKeys.writePrivateKey(material)), "cli:test");

		assertThat(imported.kid()).isEqualTo(RsaKeys.thumbprint(material));
		assertThat(imported.state()).isEqualTo(KeyState.NEXT);
		assertThat(node.current().publishedKids()).contains(imported.kid()).doesNotContain(generatedNext);
		Map<String, Object> row = this.nodes.jdbc.sql("select private_key, public_jwk from signing_key where kid = ?")
			.param(imported.kid())
			.query()
			.singleRow();
		assertThat((String) row.get("private_key")).startsWith("v1.")
			.doesNotContain(material.getPrivateExponent().toString());
		assertThat((String) row.get("public_jwk")).doesNotContain("\"d\"");
		assertThatExceptionOfType(KeyAlreadyInRingException.class)
			.isThrownBy(() -> node.importKey(KeyImport.read(PemKeys.writePrivateKey(material)), "cli:test"));

		this.nodes.clock.advance(PUBLISH_LEAD);
		node.rotate(false, "cli:test");
		assertThat(node.current().signingKey().getKeyID()).isEqualTo(imported.kid());
		assertThat(node.current().signingKey().getModulus()).isEqualTo(material.getModulus());
	}

	@Test
	void importRefusesWhatIsNotAnRsaPrivateKeyOfAtLeast2048Bits() {
		assertThatExceptionOfType(KeyImportException.class).isThrownBy(() -> KeyImport.read("not a key"));
		assertThatExceptionOfType(KeyImportException.class).isThrownBy(() -> KeyImport.read(" "));
		assertThatExceptionOfType(KeyImportException.class)
			.isThrownBy(() -> KeyImport.read(PemKeys.writePublicKey(RsaKeys.generate())));
		assertThatExceptionOfType(KeyImportException.class)
			.isThrownBy(() -> KeyImport.read("x".repeat(KeyImport.MAX_PEM_LENGTH + 1)));
	}

	@Test
	void scheduledRotationRotatesExactlyOnceWhenDueEvenWhenNodesRace() throws Exception {
		KeyRingService a = this.nodes.startNode();
		KeyRingService b = this.nodes.startNode();
		String next = nextKey(a).kid();
		assertThat(a.rotateIfDue()).isFalse();

		this.nodes.clock.advance(ROTATION_PERIOD);
		List<Integer> rotations = race(4, (i) -> {
			KeyRingService node = (i % 2 == 0) ? a : b;
			int rotated = 0;
			for (int attempt = 0; attempt < 3; attempt++) {
				rotated += node.rotateIfDue() ? 1 : 0;
			}
			return rotated;
		});

		assertThat(rotations.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
		assertThat(a.keys()).extracting(KeyView::state).containsExactly("next", "active", "retired");
		b.reload();
		assertThat(b.current().signingKey().getKeyID()).isEqualTo(next);
	}

	@Test
	void scheduledRotationIsOffWithAZeroPeriodAndWaitsForThePublishLead() {
		KeyRingService off = this.nodes.startNode(Duration.ZERO);
		this.nodes.clock.advance(ROTATION_PERIOD.multipliedBy(12));
		assertThat(off.rotateIfDue()).isFalse();

		KeyRingService on = this.nodes.startNode();
		on.importKey(RsaKeys.generate(), "cli:test");
		assertThat(on.rotateIfDue()).as("the imported next key is not published long enough").isFalse();
		this.nodes.clock.advance(PUBLISH_LEAD);
		assertThat(on.rotateIfDue()).isTrue();
	}

	private static void assertEverySignerIsPublishedByEveryNode(KeyRingService... nodes) {
		for (KeyRingService signer : nodes) {
			for (KeyRingService publisher : nodes) {
				assertThat(publisher.current().publishedKids()).contains(signer.current().signingKey().getKeyID());
			}
		}
	}


}
