package dev.tokenservice.auth.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Accounts created at startup ({@code app.bootstrap.*}); each is used only when both its email and
 * password are set.
 *
 * @param admin the first admin, at every start: created, or promoted if the account exists (its password
 * then becomes this one); the password must pass the password policy
 * @param demoUser an optional plain user created the same way
 */
@ConfigurationProperties("app.bootstrap")
public record BootstrapUsersProperties(Account admin, Account demoUser) {

	/**
	 * One account.
	 *
	 * @param email its email, the login name
	 * @param password its password
	 */
	public record Account(String email, String password) {

		boolean isSet() {
			return this.email != null && !this.email.isBlank() && this.password != null && !this.password.isBlank();
		}

		@Override
		public String toString() {
			return "Account[email=" + this.email + ", password=(hidden)]";
		}

	}

}
