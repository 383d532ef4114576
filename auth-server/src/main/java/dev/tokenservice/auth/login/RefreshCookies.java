package dev.tokenservice.auth.login;

import java.time.Duration;

import dev.tokenservice.auth.session.RefreshProperties;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/** The refresh-token cookie: HttpOnly, Secure, SameSite=Strict, sent only to /api/auth. */
@Component
public class RefreshCookies {

	public static final String NAME = "refresh_token";

	static final String PATH = "/api/auth";

	private final boolean secure;

	public RefreshCookies(RefreshProperties refresh) {
		this.secure = refresh.cookieSecure();
	}

	public ResponseCookie of(String refreshToken, long maxAgeSeconds) {
		return base(refreshToken).maxAge(Duration.ofSeconds(maxAgeSeconds)).build();
	}

	public ResponseCookie cleared() {
		return base("").maxAge(Duration.ZERO).build();
	}

	private ResponseCookie.ResponseCookieBuilder base(String value) {
		return ResponseCookie.from(NAME, value).httpOnly(true).secure(this.secure).sameSite("Strict").path(PATH);
	}

}
