package dev.tokenservice.auth.login;

import dev.tokenservice.auth.config.HourlyPurge;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.testsupport.TestHttp;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.users.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The first-party login over real HTTP: every status, the cookie, rotation, reuse detection and the
 * concurrent race, lifetimes with a moved clock, logout, admin actions, bootstrap, throttling, the
 * browser checks, and what ends up in the database and the log. The tests live in the topic
 * interfaces; this class runs them all in one server, on H2 and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.bootstrap.admin.email=root@example.com",
				"app.bootstrap.admin.password=" + FirstPartyApi.ADMIN_PASSWORD,
				"app.cors.allowed-origins=https://app.example.com", "app.login-throttle.account-free-failures=3",
				"app.login-throttle.address-free-failures=12",
				// minutes, not seconds: no assertion may depend on how fast this machine is
				"app.login-throttle.first-delay=1m", "app.login-throttle.max-delay=15m" })
@Import(MutableClockConfig.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class FirstPartyLoginContract implements SignupAndLoginTests, SessionTests, AdminTests,
		AbuseAndBrowserTests, StorageAndLoggingTests, HostileInputTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserService users;

	@Autowired
	RefreshTokenService sessions;

	@Autowired
	LoginThrottle throttle;

	@Autowired
	HourlyPurge hourlyPurge;

	AuthApi api;

	@BeforeEach
	void setUp() {
		this.api = new AuthApi(this.port);
		// every test logs in from 127.0.0.1: start each with fresh counters
		this.jdbc.sql("delete from login_throttle").update();
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public AuthApi api() {
		return this.api;
	}

	@Override
	public TestHttp http() {
		return this.api.http();
	}

	@Override
	public MutableClock clock() {
		return this.clock;
	}

	@Override
	public JdbcClient jdbc() {
		return this.jdbc;
	}

	@Override
	public UserService users() {
		return this.users;
	}

	@Override
	public RefreshTokenService sessions() {
		return this.sessions;
	}

	@Override
	public LoginThrottle throttle() {
		return this.throttle;
	}

	@Override
	public HourlyPurge hourlyPurge() {
		return this.hourlyPurge;
	}

}
