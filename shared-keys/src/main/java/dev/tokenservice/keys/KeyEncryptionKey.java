package dev.tokenservice.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key-encryption key (KEK) that seals private keys at rest. It comes from outside the
 * database (environment or a file), so a database dump alone does not reveal signing keys.
 * {@link #toString()} never shows it.
 */
public final class KeyEncryptionKey {

	static final int BYTES = 32;

	private static final byte[] FINGERPRINT_LABEL = "token-service KEK fingerprint v1\0"
		.getBytes(StandardCharsets.US_ASCII);

	private static final int FINGERPRINT_BYTES = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKey key;

	private KeyEncryptionKey(byte[] bytes) {
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * Standard or URL-safe base64 of exactly 32 bytes, padded or not, surrounding whitespace ignored
	 * (what {@code openssl rand -base64 32} prints). Messages never echo the value.
	 */
	public static KeyEncryptionKey fromBase64(String base64) {
		if (base64 == null || base64.isBlank()) {
			throw new IllegalArgumentException("The key-encryption key is empty; it must be base64 of 32 bytes");
		}
		String value = base64.strip();
		byte[] bytes;
		try {
			bytes = (value.indexOf('-') >= 0 || value.indexOf('_') >= 0) ? Base64.getUrlDecoder().decode(value)
					: Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The key-encryption key is not valid base64; it must be base64 of 32 bytes");
		}
		try {
			if (bytes.length != BYTES) {
				throw new IllegalArgumentException(
						"The key-encryption key decodes to " + bytes.length + " bytes; it must be base64 of 32 bytes");
			}
			return new KeyEncryptionKey(bytes);
		}
		finally {
			// SecretKeySpec keeps its own copy
			Arrays.fill(bytes, (byte) 0);
		}
	}

	/** A new random KEK, for development set-ups and tests. */
	public static KeyEncryptionKey generate() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		try {
			return new KeyEncryptionKey(bytes);
		}
		finally {
			Arrays.fill(bytes, (byte) 0);
		}
	}

	/** Standard base64 with padding, readable by {@link #fromBase64}. */
	public String toBase64() {
		byte[] bytes = this.key.getEncoded();
		try {
			return Base64.getEncoder().encodeToString(bytes);
		}
		finally {
			Arrays.fill(bytes, (byte) 0);
		}
	}

	/**
	 * A short public name of this KEK: the first 12 bytes of SHA-256 over a fixed label and the key, in
	 * unpadded base64url (16 characters). Stored next to what it sealed, it tells which KEK opens a value
	 * without trying; 96 bits of a one-way digest of a 256-bit random key reveal nothing usable of it.
	 */
	public String fingerprint() {
		byte[] bytes = this.key.getEncoded();
		try {
			byte[] digest = Sha256.digest(FINGERPRINT_LABEL, bytes);
			return Sha256.base64Url(Arrays.copyOf(digest, FINGERPRINT_BYTES));
		}
		finally {
			Arrays.fill(bytes, (byte) 0);
		}
	}

	SecretKey secretKey() {
		return this.key;
	}

	@Override
	public String toString() {
		return "KeyEncryptionKey[AES-256, value hidden]";
	}

}
