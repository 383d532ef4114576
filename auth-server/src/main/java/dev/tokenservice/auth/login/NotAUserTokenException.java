package dev.tokenservice.auth.login;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A valid access token that names no user (a backend service's client-credentials token): 403. */
public class NotAUserTokenException extends ErrorResponseException {

	public NotAUserTokenException() {
		super(HttpStatus.FORBIDDEN);
		setDetail("The access token does not belong to a user");
	}

}
