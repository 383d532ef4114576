package dev.tokenservice.auth.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import dev.tokenservice.keys.Sha256;

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
		return Sha256.base64Url(salt) + "$" + Sha256.base64Url(digest(salt, rawPassword));
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
		return Sha256.digest(salt, secret.toString().getBytes(StandardCharsets.UTF_8));
	}

}
