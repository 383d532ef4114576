package dev.tokenservice.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.RSAKey;

/**
 * Envelope encryption of a private key at rest. The PKCS#8 bytes are encrypted under a fresh
 * AES-256-GCM data key, and the data key under the KEK (AES-256-GCM as well), so the KEK only ever
 * encrypts 32 random bytes. The {@code kid} is authenticated data of both: a sealed value copied
 * into another key's row does not open. Format, one ASCII line fit for a TEXT column, parts in
 * unpadded base64url:
 *
 * <pre>v1.&lt;data key IV&gt;.&lt;wrapped data key&gt;.&lt;IV&gt;.&lt;ciphertext&gt;</pre>
 *
 * Every failure to open is a {@link KeyDecryptionException} whose message names the kid only.
 */
public final class PrivateKeyEnvelope {

	private static final String VERSION = "v1";

	private static final int KEY_BYTES = 32;

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int TAG_BYTES = TAG_BITS / 8;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private PrivateKeyEnvelope() {
	}

	/**
	 * Seals a private key whose {@code kid} is its thumbprint (as {@link RsaKeys} and {@link PemKeys}
	 * make them): {@link #open} checks it, so any other kid could never be opened again.
	 */
	public static String seal(RSAKey key, KeyEncryptionKey kek) {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(kek, "kek");
		if (!key.isPrivate()) {
			throw new IllegalArgumentException("Only a private key can be sealed");
		}
		String kid = key.getKeyID();
		if (kid == null || !kid.equals(RsaKeys.thumbprint(key))) {
			throw new IllegalArgumentException("The key's kid must be its RFC 7638 thumbprint");
		}
		byte[] aad = kid.getBytes(StandardCharsets.UTF_8);
		byte[] dataKey = new byte[KEY_BYTES];
		byte[] pkcs8 = Pkcs8.encode(key);
		try {
			RANDOM.nextBytes(dataKey);
			byte[] dataKeyIv = randomIv();
			byte[] wrappedDataKey = gcm(Cipher.ENCRYPT_MODE, kek.secretKey(), dataKeyIv, aad, dataKey);
			byte[] iv = randomIv();
			byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), iv, aad, pkcs8);
			return String.join(".", VERSION, ENCODER.encodeToString(dataKeyIv), ENCODER.encodeToString(wrappedDataKey),
					ENCODER.encodeToString(iv), ENCODER.encodeToString(ciphertext));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Sealing the private key failed (" + ex.getClass().getSimpleName() + ")");
		}
		finally {
			Arrays.fill(pkcs8, (byte) 0);
			Arrays.fill(dataKey, (byte) 0);
		}
	}

	/**
	 * Opens a value made by {@link #seal} for key {@code kid}: the decrypted key's thumbprint must be
	 * {@code kid}.
	 *
	 * @throws KeyDecryptionException on a wrong KEK, an altered value, another key's value, or an
	 * unknown format
	 */
	public static RSAKey open(String sealed, String kid, KeyEncryptionKey kek) {
		Objects.requireNonNull(kek, "kek");
		if (kid == null || kid.isEmpty()) {
			throw new KeyDecryptionException("No kid given for the sealed key");
		}
		byte[][] parts = parse(sealed, kid);
		byte[] aad = kid.getBytes(StandardCharsets.UTF_8);
		byte[] dataKey = null;
		byte[] pkcs8 = null;
		try {
			dataKey = gcm(Cipher.DECRYPT_MODE, kek.secretKey(), parts[0], aad, parts[1]);
			pkcs8 = gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), parts[2], aad, parts[3]);
			RSAKey key = Pkcs8.read(pkcs8);
			if (!kid.equals(key.getKeyID())) {
				throw new KeyDecryptionException("The sealed key is not key " + kid);
			}
			return key;
		}
		catch (GeneralSecurityException ex) {
			// the GCM tag decides: nothing tells a wrong KEK from an altered value or another row's value
			throw new KeyDecryptionException(
					"Cannot open the sealed key " + kid + ": wrong key-encryption key, altered value, or another key's value");
		}
		catch (IllegalArgumentException ex) {
			throw new KeyDecryptionException("The sealed key " + kid + " holds no usable RSA private key");
		}
		finally {
			zero(dataKey);
			zero(pkcs8);
		}
	}

	/** The four binary parts; each must be canonical base64url, so no character can change unnoticed. */
	private static byte[][] parse(String sealed, String kid) {
		String[] parts = (sealed != null) ? sealed.split("\\.", -1) : new String[0];
		if (parts.length != 5 || !VERSION.equals(parts[0])) {
			throw new KeyDecryptionException("The sealed key " + kid + " has an unknown format or version");
		}
		byte[][] decoded = new byte[4][];
		for (int i = 0; i < 4; i++) {
			decoded[i] = decode(parts[i + 1], kid);
		}
		if (decoded[0].length != IV_BYTES || decoded[2].length != IV_BYTES
				|| decoded[1].length != KEY_BYTES + TAG_BYTES || decoded[3].length <= TAG_BYTES) {
			throw new KeyDecryptionException("The sealed key " + kid + " has parts of the wrong length");
		}
		return decoded;
	}

	private static byte[] decode(String part, String kid) {
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(part);
			// the decoder ignores the unused low bits of a final character: re-encoding catches them
			if (ENCODER.encodeToString(bytes).equals(part)) {
				return bytes;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below, without the value
		}
		throw new KeyDecryptionException("The sealed key " + kid + " is not valid base64url");
	}

	private static byte[] randomIv() {
		byte[] iv = new byte[IV_BYTES];
		RANDOM.nextBytes(iv);
		return iv;
	}

	private static byte[] gcm(int mode, SecretKey key, byte[] iv, byte[] aad, byte[] input)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(aad);
		return cipher.doFinal(input);
	}

	private static void zero(byte[] bytes) {
		if (bytes != null) {
			Arrays.fill(bytes, (byte) 0);
		}
	}

}
