package dev.tokenservice.auth.users;

/** An account with this email exists already. */
public class DuplicateEmailException extends RuntimeException {

	public DuplicateEmailException() {
		super("An account with this email already exists");
	}

}
