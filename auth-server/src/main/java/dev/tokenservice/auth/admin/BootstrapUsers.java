package dev.tokenservice.auth.admin;

import java.util.Set;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.users.ProvisionedUser;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Component;

/**
 * The first admin (created, or promoted if the account exists) and an optional demo user. An
 * InitializingBean runs while the context starts, so before the server takes traffic (an
 * ApplicationRunner would run after). Idempotent, and safe when several nodes start at once.
 */
@Component
public class BootstrapUsers implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapUsers.class);

	private static final int MAX_ATTEMPTS = 5;

	private final UserService users;

	private final RefreshTokenService sessions;

	private final BootstrapUsersProperties properties;

	public BootstrapUsers(UserService users, RefreshTokenService sessions, BootstrapUsersProperties properties) {
		this.users = users;
		this.sessions = sessions;
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		ensure(this.properties.admin(), Set.of(UserAccount.ADMIN));
		ensure(this.properties.demoUser(), Set.of());
	}

	private void ensure(BootstrapUsersProperties.Account account, Set<String> roles) {
		if (account == null || !account.isSet()) {
			return;
		}
		ProvisionedUser user = null;
		for (int attempt = 1; user == null; attempt++) {
			try {
				user = this.users.provision(account.email(), account.password(), roles);
			}
			catch (DataAccessException | DbActionExecutionException ex) {
				// another node created or updated it a moment ago (unique email, version): redo it on that row
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
			}
		}
		if (user.passwordReplaced()) {
			// whoever held this account without knowing the configured password must not keep its
			// sessions (and get the promoted roles at their next refresh)
			this.sessions.revokeAllOf(user.account().id(), "bootstrap", SecurityEvents.SYSTEM);
		}
		logger.info("Bootstrap account {} {} with roles {}{}", user.account().id(),
				user.created() ? "created" : "updated", user.account().roles(),
				user.passwordReplaced() ? "; its password was replaced by the configured one" : "");
	}

}
