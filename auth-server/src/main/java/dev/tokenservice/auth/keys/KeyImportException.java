package dev.tokenservice.auth.keys;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An import that is not a usable RSA private key: 400. The detail names the problem, never the key. */
public class KeyImportException extends ErrorResponseException {

	public KeyImportException(String detail) {
		super(HttpStatus.BAD_REQUEST);
		setDetail(detail);
	}

}
