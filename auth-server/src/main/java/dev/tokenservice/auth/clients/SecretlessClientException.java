package dev.tokenservice.auth.clients;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A secret rotation for a client that authenticates without a secret: 409. */
public class SecretlessClientException extends ErrorResponseException {

	public SecretlessClientException() {
		super(HttpStatus.CONFLICT);
		setDetail("This client authenticates without a secret (none or private_key_jwt): there is no secret to rotate");
	}

}
