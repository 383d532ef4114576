package dev.tokenservice.auth.login;

/** Wrong password or unknown email: the same answer for both. */
public class InvalidCredentialsException extends RuntimeException {

	public InvalidCredentialsException() {
		super("Invalid email or password");
	}

}
