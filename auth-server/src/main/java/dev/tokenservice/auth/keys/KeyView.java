package dev.tokenservice.auth.keys;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.tokenservice.keys.RingKey;

/**
 * One key as operators see it (admin API and command line): its place in the ring, never material.
 *
 * @param published whether the JWKS shows it now
 */
public record KeyView(String kid, String state, String algorithm, int size, Instant createdAt, Instant activatedAt,
		Instant retiredAt, Instant revokedAt, boolean published) {

	static KeyView of(SigningKey row, boolean published) {
		return new KeyView(row.kid(), row.state(), row.algorithm(), row.keySize(), row.createdAt(), row.activatedAt(),
				row.retiredAt(), row.revokedAt(), published);
	}

	/** Next, active, retired, revoked; within a state the latest change first. */
	static List<KeyView> sorted(Collection<SigningKey> rows, Set<String> published) {
		Comparator<SigningKey> byLifecycle = Comparator.comparing((SigningKey row) -> row.toRingKey().state())
			.thenComparing((row) -> since(row.toRingKey()), Comparator.reverseOrder());
		return rows.stream().sorted(byLifecycle).map((row) -> of(row, published.contains(row.kid()))).toList();
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
