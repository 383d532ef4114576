package dev.tokenservice.auth.keys;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import dev.tokenservice.keys.RingKey;

/**
 * One key as operators see it (admin API and command line): its place in the ring, never material.
 *
 * @param published whether the JWKS shows it now
 * @param sealedUnderCurrentKek whether its private key is recorded as sealed under the current
 * key-encryption key; false until {@code keys rewrap} for a key sealed under a previous one
 */
public record KeyView(String kid, String state, String algorithm, int size, Instant createdAt, Instant activatedAt,
		Instant retiredAt, Instant revokedAt, boolean published, boolean sealedUnderCurrentKek) {

	static KeyView of(SigningKey row, boolean published, boolean sealedUnderCurrentKek) {
		return new KeyView(row.kid(), row.state(), row.algorithm(), row.keySize(), row.createdAt(), row.activatedAt(),
				row.retiredAt(), row.revokedAt(), published, sealedUnderCurrentKek);
	}

	/** Next, active, retired, revoked; within a state the latest change first. */
	static List<KeyView> sorted(Collection<SigningKey> rows, Set<String> published, Predicate<SigningKey> underCurrentKek) {
		Comparator<SigningKey> byLifecycle = Comparator.comparing((SigningKey row) -> row.toRingKey().state())
			.thenComparing((row) -> since(row.toRingKey()), Comparator.reverseOrder());
		return rows.stream().sorted(byLifecycle).map((row) -> of(row, published.contains(row.kid()), underCurrentKek.test(row)))
			.toList();
	}

	private static Instant since(RingKey key) {
		return switch (key.state()) {
			case NEXT -> key.createdAt();
			case ACTIVE -> key.activatedAt();
			case RETIRED -> key.retiredAt();
			case REVOKED -> key.revokedAt();
		};
	}

}
