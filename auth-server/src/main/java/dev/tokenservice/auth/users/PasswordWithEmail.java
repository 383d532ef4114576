package dev.tokenservice.auth.users;

/** A request that sets a password for an email; {@link AcceptablePassword} checks the pair. */
public interface PasswordWithEmail {

	String email();

	String password();

}
