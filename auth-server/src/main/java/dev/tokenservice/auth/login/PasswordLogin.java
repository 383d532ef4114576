package dev.tokenservice.auth.login;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.audit.SecurityEvents.LoginOutcome;
import dev.tokenservice.auth.session.IssuedTokens;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.users.PasswordCheck;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A login with email and password: throttle check first (a blocked caller costs no hash), then the
 * password, then the account's state. One {@link #authenticate} step for the first-party API (whose
 * {@link #login} then starts a refresh family) and the browser's login page (which starts a login
 * session), so both share the rules and the throttle counters. Each outcome is logged by category,
 * never with the password, and with the user's id rather than the typed email (people type passwords
 * into the email field).
 */
@Component
public class PasswordLogin {

	private static final Logger logger = LoggerFactory.getLogger(PasswordLogin.class);

	private final UserService users;

	private final LoginThrottle throttle;

	private final RefreshTokenService sessions;

	private final SecurityEvents events;

	PasswordLogin(UserService users, LoginThrottle throttle, RefreshTokenService sessions, SecurityEvents events) {
		this.users = users;
		this.throttle = throttle;
		this.sessions = sessions;
		this.events = events;
	}

	IssuedTokens login(String email, String password, String address) {
		UserAccount account = authenticate(email, password, address);
		IssuedTokens tokens = this.sessions.startSession(account);
		logger.info("Login: user {} started session {}, client {}", account.id(), tokens.sessionId(), address);
		return tokens;
	}

	/**
	 * The account whose password this is, if it may log in now.
	 * @throws LoginThrottledException when the account or the address must wait
	 * @throws InvalidCredentialsException for an unknown email or a wrong password alike
	 * @throws AccountDisabledException for the right password of a disabled account
	 */
	public UserAccount authenticate(String email, String password, String address) {
		String normalized = UserService.normalizeEmail(email);
		this.throttle.retryAfter(normalized, address).ifPresent((wait) -> {
			logger.info("Login throttled: client {} must wait {}s", address, wait.toSeconds());
			// the account is not looked up for a blocked caller: the row names none
			this.events.loginFailed(null, LoginOutcome.THROTTLED);
			throw new LoginThrottledException(wait);
		});
		PasswordCheck check = this.users.checkPassword(normalized, password);
		if (!check.succeeded()) {
			this.throttle.failed(normalized, address);
			if (check.account().isEmpty()) {
				logger.info("Login failed: unknown account, client {}", address);
				this.events.loginFailed(null, LoginOutcome.BAD_CREDENTIALS);
			}
			else {
				logger.info("Login failed: wrong password for user {}, client {}", check.account().get().id(),
						address);
				this.events.loginFailed(check.account().get().id(), LoginOutcome.BAD_CREDENTIALS);
			}
			throw new InvalidCredentialsException();
		}
		UserAccount account = check.account().get();
		if (!account.enabled()) {
			logger.info("Login refused: user {} is disabled, client {}", account.id(), address);
			this.events.loginFailed(account.id(), LoginOutcome.DISABLED);
			throw new AccountDisabledException();
		}
		this.throttle.succeeded(normalized);
		this.events.loginSucceeded(account.id());
		return account;
	}

}
