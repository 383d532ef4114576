package dev.tokenservice.auth.issuer;

import java.util.Collection;
import java.util.TreeSet;

/** What every access token of this issuer has in common, for SAS's tokens and the first-party ones. */
public final class AccessTokenClaims {

	/** RFC 9068's media type of a JWT access token, as the JOSE {@code typ} header. */
	public static final String ACCESS_TOKEN_TYPE = "at+jwt";

	private AccessTokenClaims() {
	}

	/** RFC 9068 (after RFC 8693): scopes as one space-separated string, sorted for stable output. */
	public static String scope(Collection<String> scopes) {
		return String.join(" ", new TreeSet<>(scopes));
	}

}
