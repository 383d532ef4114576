package dev.tokenservice.auth.users;

import dev.tokenservice.web.ProblemExceptionHandler;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * One field of a request is unacceptable beyond what its annotations check (e.g. a weak password): 400
 * with the field in {@code errors}, as a failed validation answers.
 */
public class InvalidFieldException extends ErrorResponseException {

	public InvalidFieldException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, ProblemExceptionHandler.invalidField(field, message).getBody(), null);
	}

}
