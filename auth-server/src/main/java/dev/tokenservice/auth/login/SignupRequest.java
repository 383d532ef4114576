package dev.tokenservice.auth.login;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Any other field, {@code roles} included, is ignored: every new user is a {@code user}. */
public record SignupRequest(@NotBlank @Email @Size(max = 254) String email,
		@NotBlank @Size(min = 8, max = 128) String password) {

	@Override
	public String toString() {
		return "SignupRequest[email=" + this.email + ", password=(hidden)]";
	}

}
