package dev.tokenservice.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 and the unpadded base64url its digests are stored and sent in (token hashes, client-secret
 * digests, entity tags). Stored values depend on both staying exactly as they are.
 */
public final class Sha256 {

	private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

	private Sha256() {
	}

	/** The digest of {@code parts}, concatenated. */
	public static byte[] digest(byte[]... parts) {
		MessageDigest sha256;
		try {
			// a new instance each time: MessageDigest is not thread-safe
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
		for (byte[] part : parts) {
			sha256.update(part);
		}
		return sha256.digest();
	}

	/** Unpadded base64url (RFC 4648 section 5) of {@code bytes}. */
	public static String base64Url(byte[] bytes) {
		return BASE64_URL.encodeToString(bytes);
	}

}
