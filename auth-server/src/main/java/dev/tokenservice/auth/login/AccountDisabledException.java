package dev.tokenservice.auth.login;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The password was right but an admin disabled the account: 403. */
public class AccountDisabledException extends ErrorResponseException {

	public AccountDisabledException() {
		super(HttpStatus.FORBIDDEN);
		setDetail("The account is disabled");
	}

}
