package dev.tokenservice.keys;

import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The AES-256 key-encryption key (KEK) that seals private keys at rest. */
public final class KeyEncryptionKey {

	static final int BYTES = 32;

	private final SecretKey key;

	private KeyEncryptionKey(byte[] bytes) {
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/** Standard or URL-safe base64 of exactly 32 bytes. */
	public static KeyEncryptionKey fromBase64(String base64) {
		if (base64 == null || base64.isBlank()) {
			throw new IllegalArgumentException("the key-encryption key is empty; it must be base64 of 32 bytes");
		}
		String value = base64.trim();
		byte[] bytes;
		try {
			bytes = (value.contains("-") || value.contains("_")) ? Base64.getUrlDecoder().decode(value)
					: Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the key-encryption key is not valid base64; it must be base64 of 32 bytes");
		}
		if (bytes.length != BYTES) {
			throw new IllegalArgumentException(
					"the key-encryption key decodes to " + bytes.length + " bytes; it must be base64 of 32 bytes");
		}
		return new KeyEncryptionKey(bytes);
	}

	public static KeyEncryptionKey generate() {
		byte[] bytes = new byte[BYTES];
		new SecureRandom().nextBytes(bytes);
		return new KeyEncryptionKey(bytes);
	}

	public String toBase64() {
		return Base64.getEncoder().encodeToString(this.key.getEncoded());
	}

	SecretKey secretKey() {
		return this.key;
	}

	@Override
	public String toString() {
		return "KeyEncryptionKey[hidden]";
	}

}
