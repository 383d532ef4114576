package dev.tokenservice.auth.keys;

import java.time.Instant;

import dev.tokenservice.keys.KeyEncryptionKeys;
import dev.tokenservice.keys.KeyState;
import dev.tokenservice.keys.RingKey;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * One row of the key ring. {@code privateKey} is a sealed envelope, never PEM or JWK;
 * {@code kekFingerprint} names the key-encryption key that sealed it (null on rows sealed before
 * fingerprints were recorded).
 */
public record SigningKey(@Id String kid, String state, String algorithm, int keySize, String publicJwk,
		String privateKey, Instant createdAt, Instant activatedAt, Instant retiredAt, Instant revokedAt,
		String kekFingerprint, @Version Long version) {

	public RingKey toRingKey() {
		return new RingKey(this.kid, KeyState.of(this.state), this.createdAt, this.activatedAt, this.retiredAt,
				this.revokedAt);
	}

	/** The same key material under the lifecycle of {@code ringKey}. */
	public SigningKey withLifecycle(RingKey ringKey) {
		return new SigningKey(this.kid, ringKey.state().value(), this.algorithm, this.keySize, this.publicJwk,
				this.privateKey, ringKey.createdAt(), ringKey.activatedAt(), ringKey.retiredAt(), ringKey.revokedAt(),
				this.kekFingerprint, this.version);
	}

	/** The same key, sealed anew ({@code sealed} names the KEK that sealed it). */
	public SigningKey withPrivateKey(KeyEncryptionKeys.Sealed sealed) {
		return new SigningKey(this.kid, this.state, this.algorithm, this.keySize, this.publicJwk, sealed.value(),
				this.createdAt, this.activatedAt, this.retiredAt, this.revokedAt, sealed.fingerprint(), this.version);
	}

	@Override
	public String toString() {
		return "SigningKey[kid=" + this.kid + ", state=" + this.state + ", kek=" + this.kekFingerprint + ", version="
				+ this.version + "]";
	}

}
