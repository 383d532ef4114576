package dev.tokenservice.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.jwk.RSAKey;

/**
 * The key-encryption keys of a rotation: the current KEK, which seals every new value, and the
 * previous ones, which only open values sealed before the rotation until a rewrap re-seals them under
 * the current KEK. Opening tries the KEK whose {@link KeyEncryptionKey#fingerprint() fingerprint} a
 * value is recorded under first, then the current KEK, then the previous ones in order.
 * {@link #toString()} shows fingerprints only.
 */
public final class KeyEncryptionKeys {

	private final KeyEncryptionKey current;

	private final List<KeyEncryptionKey> previous;

	private final Map<String, KeyEncryptionKey> byFingerprint = new LinkedHashMap<>();

	/** {@code previous} may repeat or contain {@code current}: each KEK is kept once. */
	public KeyEncryptionKeys(KeyEncryptionKey current, List<KeyEncryptionKey> previous) {
		this.current = Objects.requireNonNull(current, "current");
		this.byFingerprint.put(current.fingerprint(), current);
		List<KeyEncryptionKey> distinct = new ArrayList<>();
		for (KeyEncryptionKey kek : previous) {
			if (this.byFingerprint.putIfAbsent(kek.fingerprint(), kek) == null) {
				distinct.add(kek);
			}
		}
		this.previous = List.copyOf(distinct);
	}

	/** Only {@code current}: no rotation under way. */
	public static KeyEncryptionKeys of(KeyEncryptionKey current) {
		return new KeyEncryptionKeys(current, List.of());
	}

	public KeyEncryptionKey current() {
		return this.current;
	}

	/** The previous KEKs (without the current one, each once). */
	public List<KeyEncryptionKey> previous() {
		return this.previous;
	}

	/** Seals under the current KEK (see {@link PrivateKeyEnvelope#seal}). */
	public Sealed seal(RSAKey key) {
		return new Sealed(PrivateKeyEnvelope.seal(key, this.current), this.current.fingerprint());
	}

	/**
	 * Opens {@code sealed} for key {@code kid} with whichever of these KEKs sealed it.
	 *
	 * @param fingerprint the fingerprint recorded with the value, if any: that KEK is tried first
	 * @throws KeyDecryptionException when none of them opens it (naming the kid and how many KEKs were
	 * tried, never a value)
	 */
	public Opened open(String sealed, String kid, String fingerprint) {
		List<KeyEncryptionKey> order = new ArrayList<>();
		Optional.ofNullable(fingerprint).map(this.byFingerprint::get).ifPresent(order::add);
		order.add(this.current);
		order.addAll(this.previous);
		KeyDecryptionException last = null;
		for (KeyEncryptionKey kek : order.stream().distinct().toList()) {
			try {
				RSAKey key = PrivateKeyEnvelope.open(sealed, kid, kek);
				return new Opened(key, kek.fingerprint(), kek == this.current);
			}
			catch (KeyDecryptionException ex) {
				last = ex;
			}
		}
		if (this.previous.isEmpty()) {
			throw last;
		}
		throw new KeyDecryptionException("Cannot open the sealed key " + kid + " with the current key-encryption key or "
				+ "any of the " + this.previous.size() + " previous ones (" + last.getMessage() + ")");
	}

	/** Whether {@code fingerprint} names the current KEK. */
	public boolean isCurrent(String fingerprint) {
		return this.current.fingerprint().equals(fingerprint);
	}

	@Override
	public String toString() {
		return "KeyEncryptionKeys[current=" + this.current.fingerprint() + ", previous="
				+ this.previous.stream().map(KeyEncryptionKey::fingerprint).toList() + "]";
	}

	/** A sealed value and the fingerprint of the KEK that sealed it. */
	public record Sealed(String value, String fingerprint) {

		@Override
		public String toString() {
			return "Sealed[kek=" + this.fingerprint + "]";
		}

	}

	/**
	 * An opened private key, the fingerprint of the KEK that opened it, and whether that is the current
	 * KEK.
	 */
	public record Opened(RSAKey key, String fingerprint, boolean underCurrent) {

		@Override
		public String toString() {
			return "Opened[kid=" + this.key.getKeyID() + ", kek=" + this.fingerprint + "]";
		}

	}

}
