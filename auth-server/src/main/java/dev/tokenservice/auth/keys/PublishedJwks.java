package dev.tokenservice.auth.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tokenservice.keys.Sha256;

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
		String tag = Sha256.base64Url(Arrays.copyOf(Sha256.digest(json), 16));
		return new PublishedJwks(json, "\"" + tag + "\"");
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
