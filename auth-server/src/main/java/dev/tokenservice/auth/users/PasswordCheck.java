package dev.tokenservice.auth.users;

import java.util.Optional;

/**
 * The outcome of checking an email and password: the account, if the email names one, and whether the
 * password is its password. Callers answer both failures alike; only the security log tells them apart.
 */
public record PasswordCheck(Optional<UserAccount> account, boolean passwordMatches) {

	public boolean succeeded() {
		return this.account.isPresent() && this.passwordMatches;
	}

}
