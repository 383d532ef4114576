package dev.tokenservice.auth.clients;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A client with this client id exists already: 409. */
public class DuplicateClientException extends ErrorResponseException {

	public DuplicateClientException() {
		super(HttpStatus.CONFLICT);
		setDetail("A client with this client id already exists");
	}

}
