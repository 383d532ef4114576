package dev.tokenservice.auth.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Salted SHA-256 for machine-generated client secrets. A slow password hash on every
 * {@code client_credentials} request would cap that grant at a few dozen requests a second, and buys
 * nothing for a high-entropy secret (configured secrets are at least 16 characters). Human passwords
 * keep a slow hash. Format: {@code base64(salt)$base64(sha256(salt || secret))}.
 */
public final class Sha256SecretEncoder implements PasswordEncoder {

	private static final int SALT_BYTES = 16;

	private final SecureRandom random = new SecureRandom();

	@Override
	public String encode(CharSequence rawPassword) {
		byte[] salt = new byte[SALT_BYTES];
		this.random.nextBytes(salt);
		return encoder().encodeToString(salt) + "$" + encoder().encodeToString(digest(salt, rawPassword));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return false;
		}
		int separator = encodedPassword.indexOf('$');
		if (separator < 0) {
			return false;
		}
		try {
			byte[] salt = Base64.getUrlDecoder().decode(encodedPassword.substring(0, separator));
			byte[] expected = Base64.getUrlDecoder().decode(encodedPassword.substring(separator + 1));
			return MessageDigest.isEqual(expected, digest(salt, rawPassword));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static byte[] digest(byte[] salt, CharSequence secret) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(salt);
			return sha256.digest(secret.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	private static Base64.Encoder encoder() {
		return Base64.getUrlEncoder().withoutPadding();
	}

}
