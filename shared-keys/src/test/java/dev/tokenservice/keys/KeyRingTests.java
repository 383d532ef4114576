package dev.tokenservice.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The rules of the ring, with time moved by hand. */
class KeyRingTests {

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	static final Duration LEAD = Duration.ofMinutes(15);

	static final Duration TTL = Duration.ofMinutes(10);

	static final Duration SKEW = Duration.ofSeconds(30);

	static final Duration PROPAGATION = Duration.ofSeconds(20);

	static final Duration REFRESH_TTL = Duration.ofDays(1);

	static final KeyRingPolicy POLICY = new KeyRingPolicy(LEAD, PROPAGATION, TTL, REFRESH_TTL, SKEW);

	final KeyRing bootstrapped = new KeyRing(List.of()).bootstrap(T0, "a", "b");

	@Test
	void bootstrapCreatesOneActiveAndOneNextKey() {
		assertThat(new KeyRing(List.of()).isEmpty()).isTrue();
		assertThat(this.bootstrapped.isEmpty()).isFalse();
		assertThat(this.bootstrapped.keys()).containsExactly(new RingKey("a", KeyState.ACTIVE, T0, T0, null, null),
				new RingKey("b", KeyState.NEXT, T0, null, null, null));
		assertThat(this.bootstrapped.signingKey().kid()).isEqualTo("a");
		assertThat(this.bootstrapped.active()).map(RingKey::kid).hasValue("a");
		assertThat(this.bootstrapped.next()).map(RingKey::kid).hasValue("b");
		assertThat(this.bootstrapped.published(T0, POLICY)).extracting(RingKey::kid).containsExactly("a", "b");
	}

	@Test
	void onlyAnEmptyRingIsBootstrapped() {
		assertThatIllegalStateException().isThrownBy(() -> this.bootstrapped.bootstrap(T0, "c", "d"));
		assertThatIllegalArgumentException().isThrownBy(() -> new KeyRing(List.of()).bootstrap(T0, "a", "a"));
	}

	@Test
	void anEmptyRingHasNoSigningKey() {
		KeyRing empty = new KeyRing(List.of());

		assertThatIllegalStateException().isThrownBy(empty::signingKey);
		assertThat(empty.active()).isEmpty();
		assertThat(empty.published(T0, POLICY)).isEmpty();
	}

	@Test
	void rotationBeforeThePublishLeadIsTooEarlyAndSaysWhenItMayHappen() {
		Instant early = T0.plus(LEAD).minusNanos(1);

		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> this.bootstrapped.rotate(early, POLICY, false, "c"))
			.satisfies((ex) -> assertThat(ex.earliest()).hasValue(T0.plus(LEAD)));
	}

	@Test
	void rotationAtTheEndOfTheLeadActivatesNextRetiresActiveAndAddsANewNext() {
		Instant now = T0.plus(LEAD);

		KeyRing rotated = this.bootstrapped.rotate(now, POLICY, false, "c");

		assertThat(rotated.signingKey()).isEqualTo(new RingKey("b", KeyState.ACTIVE, T0, now, null, null));
		assertThat(rotated.find("a")).hasValue(new RingKey("a", KeyState.RETIRED, T0, T0, now, null));
		assertThat(rotated.next()).hasValue(new RingKey("c", KeyState.NEXT, now, null, null, null));
		assertThat(rotated.changedSince(this.bootstrapped)).extracting(RingKey::kid)
			.containsExactlyInAnyOrder("a", "b", "c");
		// the ring rotated from is unchanged
		assertThat(this.bootstrapped.signingKey().kid()).isEqualTo("a");
	}

	@Test
	void theNewNextKeyMustWaitItsOwnLead() {
		Instant first = T0.plus(LEAD);
		KeyRing rotated = this.bootstrapped.rotate(first, POLICY, false, "c");

		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> rotated.rotate(first.plusSeconds(1), POLICY, false, "d"))
			.satisfies((ex) -> assertThat(ex.earliest()).hasValue(first.plus(LEAD)));
		assertThat(rotated.rotate(first.plus(LEAD), POLICY, false, "d").signingKey().kid()).isEqualTo("c");
	}

	@Test
	void forcedRotationSkipsTheLeadButNotThePropagationToEveryNode() {
		Instant now = T0.plus(PROPAGATION);

		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> this.bootstrapped.rotate(now.minusNanos(1), POLICY, true, "c"))
			.satisfies((ex) -> assertThat(ex.earliest()).hasValue(now));
		KeyRing rotated = this.bootstrapped.rotate(now, POLICY, true, "c");

		assertThat(rotated.signingKey()).isEqualTo(new RingKey("b", KeyState.ACTIVE, T0, now, null, null));
		assertThat(rotated.find("a").orElseThrow().state()).isEqualTo(KeyState.RETIRED);
		assertThat(rotated.next()).map(RingKey::kid).hasValue("c");
	}

	@Test
	void earliestActivationIsTheLeadOrForcedThePropagation() {
		assertThat(this.bootstrapped.earliestActivation(POLICY, false)).hasValue(T0.plus(LEAD));
		assertThat(this.bootstrapped.earliestActivation(POLICY, true)).hasValue(T0.plus(PROPAGATION));
		// a lead shorter than the propagation does not let a key sign before every node publishes it
		KeyRingPolicy shortLead = new KeyRingPolicy(Duration.ofSeconds(5), PROPAGATION, TTL, REFRESH_TTL, SKEW);
		assertThat(this.bootstrapped.earliestActivation(shortLead, false)).hasValue(T0.plus(PROPAGATION));
		assertThat(this.bootstrapped.revoke(T0, POLICY, "b").earliestActivation(POLICY, true)).isEmpty();
	}

	@Test
	void withoutANextKeyNoRotationProceedsEvenForced() {
		KeyRing noNext = new KeyRing(List.of(RingKey.next("a", T0).activated(T0)));
		Instant now = T0.plus(Duration.ofHours(1));

		for (boolean force : new boolean[] { false, true }) {
			assertThatExceptionOfType(KeyRotationTooEarlyException.class)
				.isThrownBy(() -> noNext.rotate(now, POLICY, force, "c"))
				.withMessageContaining("no published next key")
				.satisfies((ex) -> assertThat(ex.earliest()).isEmpty());
		}
	}

	@Test
	void retiredKeyIsPublishedUntilTtlPlusSkewAfterRetirementThenDropped() {
		Instant rotatedAt = T0.plus(LEAD);
		KeyRing rotated = this.bootstrapped.rotate(rotatedAt, POLICY, false, "c");
		Instant dropped = rotatedAt.plus(TTL).plus(SKEW);

		assertThat(rotated.published(rotatedAt, POLICY)).extracting(RingKey::kid).containsExactly("b", "c", "a");
		assertThat(rotated.published(dropped.minusNanos(1), POLICY)).extracting(RingKey::kid)
			.containsExactly("b", "c", "a");
		assertThat(rotated.published(dropped, POLICY)).extracting(RingKey::kid).containsExactly("b", "c");
		// dropped from the JWKS, but the issuer still honours what it signed (e.g. refresh tokens)
		assertThat(rotated.verifies("a", dropped, POLICY)).isTrue();
	}

	@Test
	void retiredKeyVerifiesUntilEveryTokenItSignedHasExpired() {
		Instant rotatedAt = T0.plus(LEAD);
		KeyRing rotated = this.bootstrapped.rotate(rotatedAt, POLICY, false, "c");
		Instant lastExpiry = rotatedAt.plus(REFRESH_TTL).plus(SKEW);

		assertThat(rotated.verifies("a", lastExpiry.minusNanos(1), POLICY)).isTrue();
		assertThat(rotated.verifies("a", lastExpiry, POLICY)).isFalse();
		assertThat(POLICY.retiredVerification()).isEqualTo(REFRESH_TTL.plus(SKEW));
	}

	@Test
	void retiredKeysArePublishedNewestFirstAfterActiveAndNext() {
		Instant first = T0.plus(LEAD);
		Instant second = first.plus(LEAD);
		KeyRing twice = this.bootstrapped.rotate(first, POLICY, false, "c").rotate(second, POLICY, false, "d");
		Duration longTtl = Duration.ofHours(2);
		KeyRingPolicy longLived = new KeyRingPolicy(LEAD, PROPAGATION, longTtl, REFRESH_TTL, SKEW);

		assertThat(twice.published(second, longLived)).extracting(RingKey::kid).containsExactly("c", "d", "b", "a");
		assertThat(twice.published(first.plus(longTtl).plus(SKEW), longLived)).extracting(RingKey::kid)
			.containsExactly("c", "d", "b");
	}

	@Test
	void nextActiveAndRetiredKeysVerifyButRevokedAndUnknownOnesDoNot() {
		Instant now = T0.plus(LEAD);
		KeyRing rotated = this.bootstrapped.rotate(now, POLICY, false, "c");

		assertThat(rotated.verifies("a", now, POLICY)).as("retired").isTrue();
		assertThat(rotated.verifies("b", now, POLICY)).as("active").isTrue();
		// a node that has not seen the next rotation yet must accept what a node that has signs
		assertThat(rotated.verifies("c", now, POLICY)).as("next").isTrue();
		assertThat(rotated.verifies("unknown", now, POLICY)).isFalse();
		KeyRing revoked = rotated.revoke(now.plusSeconds(60), POLICY, "a");
		assertThat(revoked.verifies("a", now.plusSeconds(60), POLICY)).as("revoked").isFalse();
	}

	@Test
	void revokedRetiredKeyLeavesThePublishedSetAtOnce() {
		KeyRing rotated = this.bootstrapped.rotate(T0.plus(LEAD), POLICY, false, "c");
		Instant now = T0.plus(LEAD).plusSeconds(60);

		KeyRing revoked = rotated.revoke(now, POLICY, "a");

		assertThat(revoked.published(now, POLICY)).extracting(RingKey::kid).containsExactly("b", "c");
		assertThat(revoked.find("a")).hasValue(new RingKey("a", KeyState.REVOKED, T0, T0, T0.plus(LEAD), now));
		assertThat(revoked.changedSince(rotated)).extracting(RingKey::kid).containsExactly("a");
	}

	@Test
	void revokedNextKeyIsNeitherPublishedNorTrusted() {
		KeyRing revoked = this.bootstrapped.revoke(T0.plusSeconds(5), POLICY, "b");

		assertThat(revoked.next()).isEmpty();
		assertThat(revoked.published(T0.plusSeconds(5), POLICY)).extracting(RingKey::kid).containsExactly("a");
		assertThat(revoked.verifies("b", T0.plusSeconds(5), POLICY)).isFalse();
		assertThat(revoked.find("b")).hasValue(new RingKey("b", KeyState.REVOKED, T0, null, null, T0.plusSeconds(5)));
	}

	@Test
	void revokingTheActiveKeyFirstActivatesTheNextKeyWithoutWaitingForTheLead() {
		Instant now = T0.plus(PROPAGATION);

		KeyRing revoked = this.bootstrapped.revoke(now, POLICY, "a");

		assertThat(revoked.signingKey()).isEqualTo(new RingKey("b", KeyState.ACTIVE, T0, now, null, null));
		assertThat(revoked.find("a")).hasValue(new RingKey("a", KeyState.REVOKED, T0, T0, null, now));
		assertThat(revoked.next()).isEmpty();
		assertThat(revoked.published(now, POLICY)).extracting(RingKey::kid).containsExactly("b");
		assertThat(revoked.verifies("a", now, POLICY)).isFalse();
		assertThat(revoked.changedSince(this.bootstrapped)).extracting(RingKey::kid)
			.containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void revokingTheActiveKeyWaitsUntilEveryNodePublishesTheNextKey() {
		Instant early = T0.plus(PROPAGATION).minusNanos(1);

		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> this.bootstrapped.revoke(early, POLICY, "a"))
			.satisfies((ex) -> assertThat(ex.earliest()).hasValue(T0.plus(PROPAGATION)));
		// other keys are revoked at once
		assertThat(this.bootstrapped.revoke(T0, POLICY, "b").find("b").orElseThrow().state())
			.isEqualTo(KeyState.REVOKED);
	}

	@Test
	void afterRevokingTheActiveKeyANewNextKeyIsAddedAndWaitsItsLead() {
		Instant now = T0.plus(PROPAGATION);
		KeyRing revoked = this.bootstrapped.revoke(now, POLICY, "a");

		KeyRing withNext = revoked.withNext(now, "c");

		assertThat(withNext.next()).hasValue(RingKey.next("c", now));
		assertThat(withNext.published(now, POLICY)).extracting(RingKey::kid).containsExactly("b", "c");
		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> withNext.rotate(now.plus(LEAD).minusSeconds(1), POLICY, false, "d"));
		assertThat(withNext.rotate(now.plus(LEAD), POLICY, false, "d").signingKey().kid()).isEqualTo("c");
	}

	@Test
	void revokingTheActiveKeyWithoutANextKeyIsRefused() {
		KeyRing onlyActive = new KeyRing(List.of(RingKey.next("a", T0).activated(T0)));

		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> onlyActive.revoke(T0.plus(LEAD), POLICY, "a"))
			.withMessageContaining("no published next key");
	}

	@Test
	void revokingTwiceChangesNothingAndUnknownKidsAreRefused() {
		KeyRing revoked = this.bootstrapped.revoke(T0, POLICY, "b");

		assertThat(revoked.revoke(T0.plusSeconds(1), POLICY, "b")).isSameAs(revoked);
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> revoked.revoke(T0, POLICY, "zzz"));
	}

	@Test
	void aSecondNextKeyOrAReusedKidIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.bootstrapped.withNext(T0, "c"));
		KeyRing noNext = this.bootstrapped.revoke(T0, POLICY, "b");
		assertThatIllegalArgumentException().isThrownBy(() -> noNext.withNext(T0, "b"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.bootstrapped.rotate(T0, POLICY, true, "a"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.bootstrapped.replaceNext(T0, "a"));
	}

	@Test
	void anImportedKeyReplacesTheNextKeyWhichIsRevokedHavingSignedNothing() {
		Instant now = T0.plusSeconds(30);

		KeyRing imported = this.bootstrapped.replaceNext(now, "imported");

		assertThat(imported.next()).hasValue(RingKey.next("imported", now));
		assertThat(imported.find("b").orElseThrow().state()).isEqualTo(KeyState.REVOKED);
		assertThat(imported.published(now, POLICY)).extracting(RingKey::kid).containsExactly("a", "imported");
		assertThat(imported.changedSince(this.bootstrapped)).extracting(RingKey::kid)
			.containsExactlyInAnyOrder("b", "imported");
		// it waits its own publish lead like any next key
		assertThat(imported.earliestActivation(POLICY, false)).hasValue(now.plus(LEAD));
		assertThat(new KeyRing(List.of(RingKey.next("a", T0).activated(T0))).replaceNext(now, "c").next())
			.map(RingKey::kid).hasValue("c");
	}

	@Test
	void scheduledRotationIsDueOnceTheActiveKeyHasSignedForThePeriod() {
		Duration period = Duration.ofDays(30);

		assertThat(this.bootstrapped.rotationDue(T0.plus(period).minusNanos(1), period)).isFalse();
		assertThat(this.bootstrapped.rotationDue(T0.plus(period), period)).isTrue();
		assertThat(this.bootstrapped.rotationDue(T0.plus(Duration.ofDays(3650)), Duration.ZERO)).as("off").isFalse();
		KeyRing rotated = this.bootstrapped.rotate(T0.plus(period), POLICY, false, "c");
		assertThat(rotated.rotationDue(T0.plus(period), period)).as("just rotated").isFalse();
		assertThat(new KeyRing(List.of()).rotationDue(T0, period)).as("no active key").isFalse();
	}

	@Test
	void constructorRejectsBrokenInvariants() {
		RingKey activeA = RingKey.next("a", T0).activated(T0);
		RingKey activeB = RingKey.next("b", T0).activated(T0);

		assertThatIllegalArgumentException().as("two active").isThrownBy(() -> new KeyRing(List.of(activeA, activeB)));
		assertThatIllegalArgumentException().as("two next")
			.isThrownBy(() -> new KeyRing(List.of(RingKey.next("a", T0), RingKey.next("b", T0))));
		assertThatIllegalArgumentException().as("duplicate kid")
			.isThrownBy(() -> new KeyRing(List.of(activeA, RingKey.next("a", T0))));
		assertThatIllegalArgumentException().as("duplicate kid, same state")
			.isThrownBy(() -> new KeyRing(List.of(activeA.retired(T0), activeA.retired(T0.plusSeconds(1)))));
	}

	@Test
	void aKeyCarriesTheTimestampOfItsState() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RingKey("a", KeyState.ACTIVE, T0, null, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RingKey("a", KeyState.RETIRED, T0, T0, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RingKey("a", KeyState.REVOKED, T0, T0, T0, null));
		assertThat(RingKey.next("a", T0).activated(T0.plusSeconds(1)).retired(T0.plusSeconds(2)).revoked(T0.plusSeconds(3)))
			.isEqualTo(new RingKey("a", KeyState.REVOKED, T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3)));
	}

	@Test
	void changedSinceIsEmptyWithoutChangesAndKeysCannotBeModifiedFromOutside() {
		KeyRing same = new KeyRing(this.bootstrapped.keys());

		assertThat(same.changedSince(this.bootstrapped)).isEmpty();
		assertThat(this.bootstrapped.changedSince(new KeyRing(List.of()))).hasSize(2);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.bootstrapped.keys().add(RingKey.next("x", T0)));
	}

	@Test
	void policyDurationsCannotBeNegative() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeyRingPolicy(Duration.ofMinutes(-1), PROPAGATION, TTL, REFRESH_TTL, SKEW));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeyRingPolicy(LEAD, Duration.ofSeconds(-1), TTL, REFRESH_TTL, SKEW));
		assertThat(POLICY.retiredPublication()).isEqualTo(TTL.plus(SKEW));
	}

	@Test
	void stateNamesAreLowercaseAndParseCaseInsensitively() {
		assertThat(KeyState.values()).extracting(KeyState::value).containsExactly("next", "active", "retired", "revoked");
		for (KeyState state : KeyState.values()) {
			assertThat(KeyState.of(state.value())).isEqualTo(state);
			assertThat(KeyState.of(state.name())).isEqualTo(state);
		}
		assertThat(KeyState.of("Active")).isEqualTo(KeyState.ACTIVE);
		assertThatIllegalArgumentException().isThrownBy(() -> KeyState.of("signing"));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyState.of(null));
	}

}
