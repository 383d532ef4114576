package dev.tokenservice.auth.session;

/** The presented refresh token gives no new tokens: 401. The message is safe to show. */
public class InvalidRefreshTokenException extends RuntimeException {

	public InvalidRefreshTokenException(String message) {
		super(message);
	}

}
