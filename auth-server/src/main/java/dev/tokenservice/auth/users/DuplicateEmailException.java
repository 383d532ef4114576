package dev.tokenservice.auth.users;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An account with this email exists already: 409. */
public class DuplicateEmailException extends ErrorResponseException {

	public DuplicateEmailException() {
		super(HttpStatus.CONFLICT);
		setDetail("An account with this email already exists");
	}

}
