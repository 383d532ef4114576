package dev.tokenservice.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Envelope encryption of a private key at rest: the PKCS#8 bytes under a fresh AES-256-GCM data key,
 * the data key under the KEK (AES-256-GCM as well). The {@code kid} is authenticated data of both,
 * so a sealed value copied into another key's row does not open. Format, base64url parts:
 * {@code v1.<dek iv>.<wrapped dek>.<iv>.<ciphertext>}.
 */
public final class PrivateKeyEnvelope {

	private static final String VERSION = "v1";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private PrivateKeyEnvelope() {
	}

	public static String seal(RSAKey key, KeyEncryptionKey kek) {
		if (!key.isPrivate()) {
			throw new IllegalArgumentException("Only a private key can be sealed");
		}
		byte[] aad = key.getKeyID().getBytes(StandardCharsets.UTF_8);
		byte[] pkcs8 = null;
		try {
			pkcs8 = key.toRSAPrivateKey().getEncoded();
			SecretKey dataKey = newDataKey();
			byte[] dekIv = randomIv();
			byte[] wrappedDek = gcm(Cipher.ENCRYPT_MODE, kek.secretKey(), dekIv, aad, dataKey.getEncoded());
			byte[] iv = randomIv();
			byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, iv, aad, pkcs8);
			Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
			return String.join(".", VERSION, b64.encodeToString(dekIv), b64.encodeToString(wrappedDek),
					b64.encodeToString(iv), b64.encodeToString(ciphertext));
		}
		catch (GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException("Sealing the private key failed (" + ex.getClass().getSimpleName() + ")");
		}
		finally {
			if (pkcs8 != null) {
				Arrays.fill(pkcs8, (byte) 0);
			}
		}
	}

	/** Opens a value made by {@link #seal} for key {@code kid}; its thumbprint must equal {@code kid}. */
	public static RSAKey open(String sealed, String kid, KeyEncryptionKey kek) {
		String[] parts = (sealed != null) ? sealed.split("\\.", -1) : new String[0];
		if (parts.length != 5 || !VERSION.equals(parts[0])) {
			throw new KeyDecryptionException("Sealed key " + kid + " has an unknown format or version");
		}
		byte[] aad = kid.getBytes(StandardCharsets.UTF_8);
		byte[] pkcs8 = null;
		try {
			Base64.Decoder b64 = Base64.getUrlDecoder();
			byte[] dek = gcm(Cipher.DECRYPT_MODE, kek.secretKey(), b64.decode(parts[1]), aad, b64.decode(parts[2]));
			pkcs8 = gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dek, "AES"), b64.decode(parts[3]), aad,
					b64.decode(parts[4]));
			RSAKey key = fromPkcs8(pkcs8);
			if (!kid.equals(key.getKeyID())) {
				throw new KeyDecryptionException("Sealed key does not belong to kid " + kid);
			}
			return key;
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new KeyDecryptionException("Cannot open sealed key " + kid
					+ ": wrong key-encryption key or altered data (" + ex.getClass().getSimpleName() + ")");
		}
		finally {
			if (pkcs8 != null) {
				Arrays.fill(pkcs8, (byte) 0);
			}
		}
	}

	static RSAKey fromPkcs8(byte[] pkcs8) throws GeneralSecurityException {
		KeyFactory factory = KeyFactory.getInstance("RSA");
		RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
		RSAPublicKey publicKey = (RSAPublicKey) factory
			.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
		return RsaKeys.withThumbprintKid(publicKey, privateKey);
	}

	private static SecretKey newDataKey() throws GeneralSecurityException {
		KeyGenerator generator = KeyGenerator.getInstance("AES");
		generator.init(256, RANDOM);
		return generator.generateKey();
	}

	private static byte[] randomIv() {
		byte[] iv = new byte[IV_BYTES];
		RANDOM.nextBytes(iv);
		return iv;
	}

	private static byte[] gcm(int mode, SecretKey key, byte[] iv, byte[] aad, byte[] input)
			throws GeneralSecurityException {
		if (iv.length != IV_BYTES) {
			throw new GeneralSecurityException("bad IV length");
		}
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(aad);
		return cipher.doFinal(input);
	}

}
