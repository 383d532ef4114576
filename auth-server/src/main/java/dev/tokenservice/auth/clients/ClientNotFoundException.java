package dev.tokenservice.auth.clients;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An admin named a client id that is not registered: 404. */
public class ClientNotFoundException extends ErrorResponseException {

	public ClientNotFoundException() {
		super(HttpStatus.NOT_FOUND);
		setDetail("No such client");
	}

}
