package dev.tokenservice.auth.clients;

import dev.tokenservice.web.ProblemExceptionHandler;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A client the admin API or the command line was given cannot work: 400 with the field in {@code errors}. */
public class InvalidClientException extends ErrorResponseException {

	public InvalidClientException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, ProblemExceptionHandler.invalidField(field, message).getBody(), null);
	}

}
