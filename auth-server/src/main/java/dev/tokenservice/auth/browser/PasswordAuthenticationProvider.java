package dev.tokenservice.auth.browser;

import java.time.Clock;

import dev.tokenservice.auth.login.AccountDisabledException;
import dev.tokenservice.auth.login.InvalidCredentialsException;
import dev.tokenservice.auth.login.LoginThrottledException;
import dev.tokenservice.auth.login.PasswordLogin;
import dev.tokenservice.auth.users.UserAccount;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The login page's password check for Spring Security's form login: {@link PasswordLogin}'s step,
 * the same as {@code POST /api/auth/login} (throttle counters included), with its outcomes turned into
 * Spring Security's exceptions for the failure handler. The client address is the container's
 * {@code getRemoteAddr()}, as the API takes it.
 */
public class PasswordAuthenticationProvider implements AuthenticationProvider {

	// the API's limits (LoginRequest): longer input is refused before it costs a hash
	private static final int MAX_EMAIL = 254;

	private static final int MAX_PASSWORD = 1024;

	private final PasswordLogin passwordLogin;

	private final Clock clock;

	public PasswordAuthenticationProvider(PasswordLogin passwordLogin, Clock clock) {
		this.passwordLogin = passwordLogin;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String email = authentication.getName();
		String password = (authentication.getCredentials() instanceof String value) ? value : "";
		if (email.isBlank() || password.isEmpty() || email.length() > MAX_EMAIL
				|| password.length() > MAX_PASSWORD) {
			throw new BadCredentialsException("Wrong email or password");
		}
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : "unknown";
		try {
			UserAccount account = this.passwordLogin.authenticate(email, password, address);
			return BrowserSessions.authentication(account, this.clock.instant());
		}
		catch (InvalidCredentialsException ex) {
			throw new BadCredentialsException("Wrong email or password");
		}
		catch (AccountDisabledException ex) {
			throw new DisabledException("The account is disabled");
		}
		catch (LoginThrottledException ex) {
			throw new LoginThrottledAuthenticationException(ex.retryAfterSeconds());
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** Too many failures for the account or the address: the page tells the wait. */
	public static class LoginThrottledAuthenticationException extends AuthenticationException {

		private final long retryAfterSeconds;

		LoginThrottledAuthenticationException(long retryAfterSeconds) {
			super("Too many failed logins");
			this.retryAfterSeconds = retryAfterSeconds;
		}

		public long retryAfterSeconds() {
			return this.retryAfterSeconds;
		}

	}

}
