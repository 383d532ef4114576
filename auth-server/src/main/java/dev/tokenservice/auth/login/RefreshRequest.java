package dev.tokenservice.auth.login;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of refresh and logout calls from clients that keep the refresh token themselves. */
public record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {

	@Override
	public String toString() {
		return "RefreshRequest[(hidden)]";
	}

}
