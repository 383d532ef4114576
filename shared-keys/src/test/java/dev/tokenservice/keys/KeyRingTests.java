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

	static final KeyRingPolicy POLICY = new KeyRingPolicy(Duration.ofMinutes(10), Duration.ofMinutes(10),
			Duration.ofSeconds(30));

	final KeyRing bootstrapped = new KeyRing(List.of()).bootstrap(T0, "a", "b");

	@Test
	void bootstrapCreatesOneActiveAndOneNextKey() {
		assertThat(this.bootstrapped.signingKey().kid()).isEqualTo("a");
		assertThat(this.bootstrapped.next()).hasValueSatisfying((next) -> assertThat(next.kid()).isEqualTo("b"));
		assertThat(this.bootstrapped.published(T0, POLICY)).extracting(RingKey::kid).containsExactly("a", "b");
	}

	@Test
	void onlyAnEmptyRingIsBootstrapped() {
		assertThatIllegalStateException().isThrownBy(() -> this.bootstrapped.bootstrap(T0, "c", "d"));
	}

	@Test
	void rotationBeforeThePublishLeadIsTooEarly() {
		Instant early = T0.plus(Duration.ofMinutes(9));

		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> this.bootstrapped.rotate(early, POLICY, false, "c"))
			.satisfies((ex) -> assertThat(ex.earliest()).isEqualTo(T0.plus(Duration.ofMinutes(10))));
	}

	@Test
	void rotationAfterTheLeadActivatesNextRetiresActiveAndAddsANewNext() {
		Instant now = T0.plus(Duration.ofMinutes(10));

		KeyRing rotated = this.bootstrapped.rotate(now, POLICY, false, "c");

		assertThat(rotated.signingKey()).isEqualTo(new RingKey("b", KeyState.ACTIVE, T0, now, null, null));
		assertThat(rotated.find("a")).hasValue(new RingKey("a", KeyState.RETIRED, T0, T0, now, null));
		assertThat(rotated.next()).hasValue(RingKey.next("c", now));
		assertThat(rotated.changedSince(this.bootstrapped)).extracting(RingKey::kid)
			.containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void forcedRotationSkipsTheLead() {
		KeyRing rotated = this.bootstrapped.rotate(T0.plusSeconds(1), POLICY, true, "c");

		assertThat(rotated.signingKey().kid()).isEqualTo("b");
	}

	@Test
	void withoutANextKeyOnlyAForcedRotationProceedsAndActivatesTheNewKey() {
		KeyRing noNext = new KeyRing(List.of(RingKey.next("a", T0).activated(T0)));
		Instant now = T0.plus(Duration.ofHours(1));

		assertThatExceptionOfType(KeyRotationTooEarlyException.class)
			.isThrownBy(() -> noNext.rotate(now, POLICY, false, "c"))
			.satisfies((ex) -> assertThat(ex.earliest()).isEqualTo(now.plus(POLICY.publishLead())));
		KeyRing forced = noNext.rotate(now, POLICY, true, "c");
		assertThat(forced.signingKey().kid()).isEqualTo("c");
		assertThat(forced.next()).isEmpty();
		assertThat(forced.find("a").orElseThrow().state()).isEqualTo(KeyState.RETIRED);
	}

	@Test
	void retiredKeyIsPublishedUntilItsLastTokenExpiredThenDropped() {
		Instant rotatedAt = T0.plus(Duration.ofMinutes(10));
		KeyRing rotated = this.bootstrapped.rotate(rotatedAt, POLICY, false, "c");
		Instant lastValid = rotatedAt.plus(Duration.ofMinutes(10)).plusSeconds(30);

		assertThat(rotated.published(lastValid.minusMillis(1), POLICY)).extracting(RingKey::kid)
			.containsExactly("b", "c", "a");
		assertThat(rotated.published(lastValid, POLICY)).extracting(RingKey::kid).containsExactly("b", "c");
	}

	@Test
	void retiredKeysStillVerifyButNextAndRevokedKeysDoNot() {
		KeyRing rotated = this.bootstrapped.rotate(T0.plus(Duration.ofMinutes(10)), POLICY, false, "c");

		assertThat(rotated.verifies("a")).isTrue();
		assertThat(rotated.verifies("b")).isTrue();
		assertThat(rotated.verifies("c")).isFalse();
		assertThat(rotated.verifies("unknown")).isFalse();
		KeyRing revoked = rotated.revoke(T0.plus(Duration.ofMinutes(11)), "a");
		assertThat(revoked.verifies("a")).isFalse();
	}

	@Test
	void revokedKeyLeavesThePublishedSetAtOnce() {
		KeyRing rotated = this.bootstrapped.rotate(T0.plus(Duration.ofMinutes(10)), POLICY, false, "c");
		Instant now = T0.plus(Duration.ofMinutes(11));

		KeyRing revoked = rotated.revoke(now, "a");

		assertThat(revoked.published(now, POLICY)).extracting(RingKey::kid).containsExactly("b", "c");
		assertThat(revoked.find("a").orElseThrow().revokedAt()).isEqualTo(now);
	}

	@Test
	void revokingTheActiveKeyFirstActivatesTheNextKey() {
		Instant now = T0.plusSeconds(5);

		KeyRing revoked = this.bootstrapped.revoke(now, "a");

		assertThat(revoked.signingKey().kid()).isEqualTo("b");
		assertThat(revoked.signingKey().activatedAt()).isEqualTo(now);
		assertThat(revoked.find("a").orElseThrow().state()).isEqualTo(KeyState.REVOKED);
		assertThat(revoked.next()).isEmpty();
		assertThat(revoked.withNext(now, "c").next()).hasValue(RingKey.next("c", now));
	}

	@Test
	void revokingTheActiveKeyWithoutANextKeyIsRefused() {
		KeyRing onlyActive = new KeyRing(List.of(RingKey.next("a", T0).activated(T0)));

		assertThatIllegalStateException().isThrownBy(() -> onlyActive.revoke(T0, "a"))
			.withMessageContaining("next key");
	}

	@Test
	void revokingTwiceChangesNothingAndUnknownKidsAreRefused() {
		KeyRing revoked = this.bootstrapped.revoke(T0, "b");

		assertThat(revoked.revoke(T0.plusSeconds(1), "b")).isSameAs(revoked);
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> revoked.revoke(T0, "zzz"));
	}

	@Test
	void invariantsAreEnforced() {
		RingKey activeA = RingKey.next("a", T0).activated(T0);
		RingKey activeB = RingKey.next("b", T0).activated(T0);

		assertThatIllegalArgumentException().isThrownBy(() -> new KeyRing(List.of(activeA, activeB)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeyRing(List.of(RingKey.next("a", T0), RingKey.next("b", T0))));
		assertThatIllegalArgumentException().isThrownBy(() -> new KeyRing(List.of(activeA, RingKey.next("a", T0))));
		assertThatIllegalStateException().isThrownBy(() -> this.bootstrapped.withNext(T0, "c"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.bootstrapped.rotate(T0, POLICY, true, "a"));
	}

	@Test
	void stateNamesAreLowercaseAndParseCaseInsensitively() {
		assertThat(KeyState.RETIRED.value()).isEqualTo("retired");
		assertThat(KeyState.of("Active")).isEqualTo(KeyState.ACTIVE);
		assertThatIllegalArgumentException().isThrownBy(() -> KeyState.of("signing"));
	}

}
