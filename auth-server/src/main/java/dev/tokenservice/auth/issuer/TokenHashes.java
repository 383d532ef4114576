package dev.tokenservice.auth.issuer;

import java.nio.charset.StandardCharsets;

import dev.tokenservice.keys.Sha256;

/**
 * SHA-256 of a token value, as stored instead of the token. Tokens are long random or signed
 * strings, so an unsalted fast digest is enough: it cannot be reversed, and equal tokens must give
 * equal hashes so they can be looked up.
 */
public final class TokenHashes {

	static final String PREFIX = "sha256:";

	private TokenHashes() {
	}

	public static String hash(String tokenValue) {
		return PREFIX + Sha256.base64Url(Sha256.digest(tokenValue.getBytes(StandardCharsets.UTF_8)));
	}

	/** Whether {@code value} is already a hash (SAS hands back loaded authorizations to save again). */
	public static boolean isHash(String value) {
		return value.startsWith(PREFIX);
	}

}
