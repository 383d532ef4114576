package dev.tokenservice.auth.login;

/** The password was right but an admin disabled the account. */
public class AccountDisabledException extends RuntimeException {

	public AccountDisabledException() {
		super("The account is disabled");
	}

}
