package dev.tokenservice.auth.users;

public class UserNotFoundException extends RuntimeException {

	public UserNotFoundException() {
		super("No such user");
	}

}
