package dev.tokenservice.auth.users;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An admin named a user id that does not exist: 404. */
public class UserNotFoundException extends ErrorResponseException {

	public UserNotFoundException() {
		super(HttpStatus.NOT_FOUND);
		setDetail("No such user");
	}

}
