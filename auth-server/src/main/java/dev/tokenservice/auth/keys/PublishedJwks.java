package dev.tokenservice.auth.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * The JWKS document as it goes over the wire: public parameters only, serialised once per change of
 * the ring, with an entity tag derived from its bytes (the same on every node that publishes the same
 * keys).
 */
public final class PublishedJwks {

	private final byte[] json;

	private final String etag;

	private PublishedJwks(byte[] json, String etag) {
		this.json = json;
		this.etag = etag;
	}

	static PublishedJwks of(JWKSet published) {
		byte[] json = published.toPublicJWKSet().toString(true).getBytes(StandardCharsets.UTF_8);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
			String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
			return new PublishedJwks(json, "\"" + tag + "\"");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/** The document's bytes; callers must not change them. */
	byte[] json() {
		return this.json;
	}

	/** A strong entity tag, quoted. */
	public String etag() {
		return this.etag;
	}

	@Override
	public String toString() {
		return new String(this.json, StandardCharsets.UTF_8);
	}

}
