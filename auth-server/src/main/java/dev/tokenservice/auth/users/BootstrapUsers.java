package dev.tokenservice.auth.users;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Component;

/**
 * The first admin (created, or promoted if the account exists) and an optional demo user, before the
 * server takes traffic. Idempotent, and safe when several nodes start at once.
 */
@Component
class BootstrapUsers implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapUsers.class);

	private final UserService users;

	private final BootstrapUsersProperties properties;

	BootstrapUsers(UserService users, BootstrapUsersProperties properties) {
		this.users = users;
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		ensure(this.properties.bootstrapAdmin(), Set.of(UserAccount.ADMIN));
		ensure(this.properties.demoUser(), Set.of());
	}

	private void ensure(BootstrapUsersProperties.Account account, Set<String> roles) {
		if (account == null || !account.isSet()) {
			return;
		}
		UserAccount user;
		try {
			user = this.users.ensureUser(account.email(), account.password(), roles);
		}
		catch (DataAccessException | DbActionExecutionException ex) {
			// another node created it a moment ago: this run promotes it
			user = this.users.ensureUser(account.email(), account.password(), roles);
		}
		logger.info("Bootstrap account {} has roles {}", user.id(), user.roles());
	}

}
