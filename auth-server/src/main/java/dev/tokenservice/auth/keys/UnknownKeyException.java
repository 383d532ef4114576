package dev.tokenservice.auth.keys;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The ring has no key of the kid an operator named: 404. */
public class UnknownKeyException extends ErrorResponseException {

	public UnknownKeyException(String kid) {
		super(HttpStatus.NOT_FOUND);
		setDetail("No key " + kid + " in the key ring");
	}

}
