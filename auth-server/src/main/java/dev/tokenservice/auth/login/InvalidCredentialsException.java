package dev.tokenservice.auth.login;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Wrong password or unknown email: the same 401 for both. */
public class InvalidCredentialsException extends ErrorResponseException {

	public InvalidCredentialsException() {
		super(HttpStatus.UNAUTHORIZED);
		setDetail("Invalid email or password");
	}

}
