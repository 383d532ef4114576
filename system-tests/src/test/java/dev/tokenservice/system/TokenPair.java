package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;

import static dev.tokenservice.testsupport.TestHttp.json;

/**
 * The access and refresh token of a login or refresh answer. Only their kids (public key
 * thumbprints) ever appear in messages: the tokens themselves are credentials.
 */
record TokenPair(String accessToken, String refreshToken) {

	static TokenPair of(HttpResponse<String> response) {
		Map<String, Object> body = json(response);
		return new TokenPair((String) body.get("access_token"), (String) body.get("refresh_token"));
	}

	String accessKid() {
		return kid(this.accessToken);
	}

	String refreshKid() {
		return kid(this.refreshToken);
	}

	Instant accessExpiresAt() {
		try {
			return SignedJWT.parse(this.accessToken).getJWTClaimsSet().getExpirationTime().toInstant();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("The access token is not a JWT");
		}
	}

	/** The {@code kid} of a JWS header: which key of the ring signed it. */
	static String kid(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			// no cause: its message could quote the token
			throw new IllegalArgumentException("Not a signed JWT");
		}
	}

	@Override
	public String toString() {
		return "TokenPair[access kid=" + accessKid() + ", refresh kid=" + refreshKid() + "]";
	}

}
