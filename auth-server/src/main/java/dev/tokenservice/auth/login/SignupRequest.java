package dev.tokenservice.auth.login;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.tokenservice.auth.users.AcceptablePassword;
import dev.tokenservice.auth.users.PasswordWithEmail;

/**
 * Any other field, {@code roles} and {@code role} included, is ignored: every new user is a
 * {@code user}. The password's length and strength are the policy's (@AcceptablePassword), counted
 * in characters rather than UTF-16 units.
 */
@AcceptablePassword
public record SignupRequest(
		@NotBlank @Email @Size(max = 254, message = "must be at most 254 characters") String email,
		@NotNull String password)
		implements PasswordWithEmail {

	@Override
	public String toString() {
		return "SignupRequest[email=" + this.email + ", password=(hidden)]";
	}

}
