package dev.tokenservice.auth.session;

import java.util.concurrent.TimeUnit;

import dev.tokenservice.auth.authorization.StatelessAccessTokens;
import dev.tokenservice.auth.login.LoginThrottle;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the session and throttle tables from growing without bound (every login adds a family, every
 * refresh a token, every failed login with a new email a counter, every revoked access token a
 * hash). Each node runs it; the deletes are idempotent, so nodes need no coordination.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ExpiredRowsCleanup {

	private final RefreshTokenService sessions;

	private final LoginThrottle throttle;

	private final StatelessAccessTokens accessTokens;

	ExpiredRowsCleanup(RefreshTokenService sessions, LoginThrottle throttle, StatelessAccessTokens accessTokens) {
		this.sessions = sessions;
		this.throttle = throttle;
		this.accessTokens = accessTokens;
	}

	@Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.HOURS)
	void purge() {
		this.sessions.purgeExpired();
		this.throttle.purgeStale();
		this.accessTokens.purgeExpired();
	}

}
