package dev.tokenservice.resource.people;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a client may set; {@code id}, timestamps and version are the server's (and ignored if sent). */
public record PersonRequest(@NotBlank @Size(max = 100) String firstName, @NotBlank @Size(max = 100) String lastName,
		@Email @Size(max = 254) String email) {

	public PersonRequest {
		// the email is optional: "" means none, rather than an empty address stored as such
		email = (email == null || email.isBlank()) ? null : email.strip();
	}

}
