package dev.tokenservice.auth.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Accounts created at startup ({@code app.bootstrap-admin.*}, {@code app.demo-user.*}); each is used
 * only when both its email and password are set.
 */
@ConfigurationProperties("app")
public record BootstrapUsersProperties(Account bootstrapAdmin, Account demoUser) {

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
