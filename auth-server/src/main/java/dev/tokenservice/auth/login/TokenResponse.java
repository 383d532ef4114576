package dev.tokenservice.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokenservice.auth.session.IssuedTokens;

/** RFC 6749 §5.1 names; the refresh token appears only when the client asked for it in the body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(@JsonProperty("access_token") String accessToken,
		@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn, String scope,
		@JsonProperty("refresh_token") String refreshToken,
		@JsonProperty("refresh_expires_in") Long refreshExpiresIn) {

	static TokenResponse withoutRefreshToken(IssuedTokens tokens) {
		return new TokenResponse(tokens.accessToken(), "Bearer", tokens.accessExpiresIn(), tokens.scope(), null,
				null);
	}

	static TokenResponse withRefreshToken(IssuedTokens tokens) {
		return new TokenResponse(tokens.accessToken(), "Bearer", tokens.accessExpiresIn(), tokens.scope(),
				tokens.refreshToken(), tokens.refreshExpiresIn());
	}

}
