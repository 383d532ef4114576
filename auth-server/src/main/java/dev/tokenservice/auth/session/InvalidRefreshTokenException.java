package dev.tokenservice.auth.session;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The presented refresh token gives no new tokens: 401. The detail is safe to show. */
public class InvalidRefreshTokenException extends ErrorResponseException {

	public InvalidRefreshTokenException(String detail) {
		super(HttpStatus.UNAUTHORIZED);
		setDetail(detail);
	}

}
