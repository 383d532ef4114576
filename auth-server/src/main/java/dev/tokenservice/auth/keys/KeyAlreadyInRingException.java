package dev.tokenservice.auth.keys;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An imported key whose kid the ring already has (kids name key material, once): 409. */
public class KeyAlreadyInRingException extends ErrorResponseException {

	public KeyAlreadyInRingException(String kid) {
		super(HttpStatus.CONFLICT);
		setDetail("The key ring already has a key " + kid);
	}

}
