package dev.tokenservice.auth.login;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code username} is accepted for {@code email}: the tutorials' clients send it. */
public record LoginRequest(@JsonAlias("username") @NotBlank @Size(max = 254) String email,
		@NotBlank @Size(max = 1024) String password,
		@JsonProperty("refresh_token_delivery") @Pattern(regexp = "cookie|body",
				message = "must be cookie or body") String refreshTokenDelivery) {

	boolean deliverInBody() {
		return "body".equals(this.refreshTokenDelivery);
	}

	@Override
	public String toString() {
		return "LoginRequest[email=" + this.email + ", password=(hidden)]";
	}

}
