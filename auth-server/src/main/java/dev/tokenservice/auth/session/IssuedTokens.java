package dev.tokenservice.auth.session;

/**
 * An access token and the refresh token that goes with it, with their lifetimes in seconds;
 * {@code sessionExpiresIn} is what remains of the family's absolute lifetime (the cookie's Max-Age).
 */
public record IssuedTokens(String sessionId, String accessToken, long accessExpiresIn, String scope,
		String refreshToken, long refreshExpiresIn, long sessionExpiresIn) {

	@Override
	public String toString() {
		return "IssuedTokens[sessionId=" + this.sessionId + ", tokens hidden]";
	}

}
