package dev.tokenservice.auth.audit;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.cli.KeysCommand;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.keys.KeyRingStore;
import dev.tokenservice.auth.session.CodeFlowSupport;
import dev.tokenservice.auth.session.CodeFlowSupport.Pending;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.keys.KeyRingPolicy;
import dev.tokenservice.keys.PemKeys;
import dev.tokenservice.keys.RsaKeys;
import dev.tokenservice.testsupport.FirstPartyClient;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.testsupport.TestHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail over real HTTP: each listed action's row (who, what, target, outcome, address), the
 * counters each event moves, no password, token or key in any row, the admin API's filters, paging,
 * access and refusals, and the retention purge on a moved clock. On H2 and PostgreSQL by the
 * subclasses. The clock only moves forward here: the key ring's timestamps must never lie in its future.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.bootstrap.admin.email=" + AuditTrailContract.ADMIN,
				"app.bootstrap.admin.password=" + AuditTrailContract.ADMIN_PASSWORD,
				"app.login-throttle.account-free-failures=1", "app.login-throttle.address-free-failures=1000",
				"app.login-throttle.first-delay=1m",
				// no background sync: the tests decide when the ring changes
				"app.keys.sync-interval=2m" })
@Import(MutableClockConfig.class)
abstract class AuditTrailContract {

	static final String ADMIN = "audit-admin@example.com";

	static final String ADMIN_PASSWORD = "granite heron watches the tide";

	static final String PASSWORD = "amber kestrel folds paper cranes";

	static final String WRONG_PASSWORD = "silver otter misplaces its umbrella";

	static final String ADDRESS = "127.0.0.1";

	/** The public app application.yml registers (no consent asked). */
	static final String WEB_APP = "demo-web-app";

	static final String WEB_APP_REDIRECT = "http://localhost:5173/callback";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	SecurityEvents events;

	@Autowired
	KeyRingService keyRing;

	@Autowired
	KeyRingStore keyRingStore;

	@Autowired
	KeyRingPolicy keyRingPolicy;

	@Autowired
	AuditPurge purge;

	@Autowired
	Environment environment;

	@Autowired
	UserService users;

	@Autowired
	RefreshTokenService sessions;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Autowired
	OAuth2AuthorizationConsentService consents;

	@TempDir
	Path files;

	FirstPartyClient api;

	/** Every password, token and key a flow used: no audit row may contain any. */
	final Set<String> secrets = new HashSet<>(Set.of(ADMIN_PASSWORD, PASSWORD, WRONG_PASSWORD));

	@BeforeEach
	void setUp() {
		this.api = new FirstPartyClient(TestHttp.localhost(this.port));
		this.jdbc.sql("delete from login_throttle").update();
	}

	// --- each action's row, and its counter

	@Test
	void signupsAreRowsAndEveryOutcomeIsCounted() {
		signupsFlow();
	}

	@Test
	void loginsOfEveryOutcomeAreRowsAndCounted() {
		loginsFlow();
	}

	@Test
	void theSignupAndLoginPagesLeaveTheSameRowsAsTheApi() {
		pagesFlow();
	}

	@Test
	void logoutAndRefreshReuseAreRowsWhileRotationIsOnlyCounted() {
		sessionsFlow();
	}

	@Test
	void adminChangesToUsersAndTheirSessionsAreRowsWithTheAdminAsActor() {
		adminFlow();
	}

	@Test
	void clientAdministrationIsRowsWithTheAdminAsActorAndNeverTheSecret() {
		clientsFlow();
	}

	@Test
	void keyOperationsAreRowsWithTheirActorFromTheApiTheCommandLineAndTheSchedule() throws Exception {
		keysFlow();
	}

	@Test
	void noRowOfAnyActionHoldsAPasswordTokenOrKey() throws Exception {
		signupsFlow();
		loginsFlow();
		pagesFlow();
		sessionsFlow();
		adminFlow();
		keysFlow();
		clientsFlow();
		List<String> rows = this.jdbc
			.sql("select id, at, action, actor, target, outcome, address from audit_event")
			.query((rs, row) -> rs.getLong(1) + "|" + rs.getTimestamp(2) + "|" + rs.getString(3) + "|"
					+ rs.getString(4) + "|" + rs.getString(5) + "|" + rs.getString(6) + "|" + rs.getString(7))
			.list();
		assertThat(rows).extracting((row) -> row.split("\\|")[2]).containsAll(SecurityEvents.ACTIONS);
		String all = String.join("\n", rows);
		for (String secret : this.secrets) {
			assertThat(all).as("a secret in the audit rows").doesNotContain(secret);
		}
		assertThat(all).doesNotContain("PRIVATE KEY").doesNotContain("eyJ").doesNotContain("@example.com");
	}

	@Test
	void aClientsRevocationIsARowWithTheClientAsActor() {
		String email = signedUp();
		UserAccount user = this.users.find(userId(email)).orElseThrow();
		String sid = UUID.randomUUID().toString();
		String token = this.sessions.startClientSession(user, sid, "demo-web-app", List.of("openid")).getTokenValue();
		this.secrets.add(token);

		assertThat(this.sessions.revokeForClient(token, "demo-web-app")).isTrue();
		assertThat(rowsAbout("session:" + sid)).containsExactly(
				new Row("session.revoked", "client:demo-web-app", "session:" + sid, "revocation", null));
	}

	@Test
	void revokingAnAppsConsentOnTheAccountPageIsARowWithTheUserAsActor() {
		String email = signedUp();
		String id = userId(email);
		RegisteredClient app = this.clients.findByClientId(WEB_APP);
		this.consents.save(OAuth2AuthorizationConsent.withId(app.getId(), id).scope("openid").build());
		PageBrowser browser = signedInBrowser(email);

		HttpResponse<String> revoked = browser.submit("/account/consents", Map.of("client_id", WEB_APP));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(302);
		assertThat(this.consents.findById(app.getId(), id)).isNull();
		assertThat(rows("session.revoked", "user:" + id)).containsExactly(
				new Row("session.revoked", "user:" + id, "client:" + WEB_APP, "consent_revoked", ADDRESS));
	}

	@Test
	void aReplayedAuthorizationCodeEndsItsSessionInARowWithTheClientAsActor() {
		String id = userId(signedUp());
		Pending pending = CodeFlowSupport.authorize(this.clients, this.authorizations, id, WEB_APP, WEB_APP_REDIRECT,
				Set.of("openid"), Instant.now());
		keep(pending);
		HttpResponse<String> exchanged = CodeFlowSupport.exchange(this.api.http(), pending, null);
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		keep(json(exchanged));

		HttpResponse<String> replayed = CodeFlowSupport.exchange(this.api.http(), pending, null);
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(400);
		String session = "session:" + pending.authorizationId();
		assertThat(rowsAbout(session))
			.containsExactly(new Row("session.revoked", "client:" + WEB_APP, session, "code-replay", ADDRESS));
	}

	@Test
	void anRpInitiatedLogoutIsALogoutRowOfTheIdTokensSession() {
		String email = signedUp();
		String id = userId(email);
		PageBrowser browser = signedInBrowser(email);
		Pending pending = CodeFlowSupport.authorize(this.clients, this.authorizations, id, WEB_APP, WEB_APP_REDIRECT,
				Set.of("openid"), Instant.now());
		keep(pending);
		HttpResponse<String> exchanged = CodeFlowSupport.exchange(this.api.http(), pending, null);
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		Map<String, Object> tokens = json(exchanged);
		keep(tokens);
		String idToken = (String) tokens.get("id_token");
		String sid = sid(idToken);

		HttpResponse<String> logout = browser
			.get("/connect/logout?id_token_hint=" + idToken + "&post_logout_redirect_uri=http://localhost:5173/");
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location")).hasValue("http://localhost:5173/");
		assertThat(rowsAbout("session:" + sid))
			.containsExactly(new Row("logout", "user:" + id, "session:" + sid, "success", ADDRESS));
	}

	@Test
	void aRowJoinsTheCallersTransactionAndRollsBackWithIt() {
		String actor = "user:" + UUID.randomUUID();
		this.transactions.executeWithoutResult((status) -> {
			this.events.userDisabled(actor, "someone");
			status.setRollbackOnly();
		});
		assertThat(targetsOf(actor)).isEmpty();

		this.transactions.executeWithoutResult((status) -> this.events.userDisabled(actor, "someone"));
		assertThat(targetsOf(actor)).containsExactly("user:someone");
	}

	// --- the counters

	@Test
	void everyCounterTagValueExistsFromTheStart() {
		assertThat(tags("auth.logins", "outcome")).containsExactlyInAnyOrder("success", "bad_credentials",
				"throttled", "disabled");
		assertThat(tags("auth.refreshes", "outcome")).containsExactlyInAnyOrder("rotated", "reuse_detected",
				"expired", "revoked");
		assertThat(tags("auth.signups", "outcome")).containsExactlyInAnyOrder("success", "duplicate", "rejected");
		assertThat(tags("auth.keys.operations", "operation")).containsExactlyInAnyOrder("rotated",
				"scheduled_rotation", "revoked", "imported", "rewrapped");
		assertThat(tags("auth.clients.operations", "operation")).containsExactlyInAnyOrder("created", "updated",
				"secret_rotated", "disabled", "deleted");
	}

	// --- the API

	@Test
	void theAuditApiIsForAdminsOnly() {
		String email = signedUp();
		String user = accessToken(email, PASSWORD);

		assertProblem(this.api.http().get("/api/admin/audit", TestHttp.bearer(user)), 403);
		assertProblem(this.api.http().get("/api/admin/audit"), 401);
		assertThat(this.api.http().get("/api/admin/audit", TestHttp.bearer(adminToken())).statusCode()).isEqualTo(200);
	}

	@Test
	void theAuditApiFiltersByActionActorTargetAndTime() {
		String actor = "user:" + UUID.randomUUID();
		Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
		insert(t0, SecurityEvents.USER_DISABLED, actor, "user:a", "success");
		insert(t0.plusSeconds(60), SecurityEvents.USER_ENABLED, actor, "user:a", "success");
		insert(t0.plusSeconds(120), SecurityEvents.USER_DISABLED, actor, "user:b", "success");
		insert(t0.plusSeconds(180), SecurityEvents.USER_DISABLED, "user:someone-else", "user:a", "success");
		String admin = adminToken();

		Map<String, Object> byActor = page("/api/admin/audit?actor=" + actor, admin);
		assertThat(entries(byActor)).extracting((entry) -> entry.get("at"))
			.containsExactly("2020-01-01T00:02:00Z", "2020-01-01T00:01:00Z", "2020-01-01T00:00:00Z");
		assertThat(entries(byActor).get(0)).containsOnlyKeys("id", "at", "action", "actor", "target", "outcome",
				"address")
			.containsEntry("action", "user.disabled")
			.containsEntry("actor", actor)
			.containsEntry("target", "user:b")
			.containsEntry("outcome", "success");
		assertThat(entries(page("/api/admin/audit?actor=" + actor + "&action=user.disabled", admin)))
			.extracting((entry) -> entry.get("target"))
			.containsExactly("user:b", "user:a");
		assertThat(entries(page("/api/admin/audit?actor=" + actor + "&target=user:a", admin)))
			.extracting((entry) -> entry.get("action"))
			.containsExactly("user.enabled", "user.disabled");
		assertThat(entries(page("/api/admin/audit?actor=" + actor + "&since=2020-01-01T00:01:00Z", admin)))
			.extracting((entry) -> entry.get("at"))
			.containsExactly("2020-01-01T00:02:00Z", "2020-01-01T00:01:00Z");
		assertThat(entries(page("/api/admin/audit?actor=" + actor + "&until=2020-01-01T00:01:00Z", admin)))
			.extracting((entry) -> entry.get("at"))
			.containsExactly("2020-01-01T00:00:00Z");
		assertThat(entries(page("/api/admin/audit?target=user:a&since=2020-01-01T00:00:30Z"
				+ "&until=2020-01-01T00:03:30Z", admin)))
			.extracting((entry) -> entry.get("actor"))
			.containsExactly("user:someone-else", actor);
	}

	@Test
	void theAuditApiPagesNewestFirstLikeTheUsersList() {
		String actor = "user:" + UUID.randomUUID();
		Instant t0 = Instant.parse("2021-06-01T00:00:00Z");
		for (int i = 0; i < 5; i++) {
			insert(t0.plusSeconds(i), SecurityEvents.USER_ENABLED, actor, "user:" + i, "success");
		}
		String admin = adminToken();

		Map<String, Object> first = page("/api/admin/audit?actor=" + actor + "&size=2", admin);
		assertThat(entries(first)).extracting((entry) -> entry.get("target")).containsExactly("user:4", "user:3");
		@SuppressWarnings("unchecked")
		Map<String, Object> metadata = (Map<String, Object>) first.get("page");
		assertThat(metadata).containsEntry("size", 2L)
			.containsEntry("number", 0L)
			.containsEntry("totalElements", 5L)
			.containsEntry("totalPages", 3L);
		Map<String, Object> last = page("/api/admin/audit?actor=" + actor + "&size=2&page=2&sort=at,asc", admin);
		assertThat(entries(last)).extracting((entry) -> entry.get("target")).containsExactly("user:0");
	}

	@Test
	void badFiltersAre400ProblemsNamingTheField() {
		String admin = adminToken();
		for (String[] bad : new String[][] { { "since=yesterday", "since" }, { "until=2026-13-01T00:00:00Z", "until" },
				{ "action=user.deleted", "action" }, { "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until" },
				{ "actor=" + "x".repeat(121), "actor" }, { "target=", "target" } }) {
			HttpResponse<String> response = this.api.http().get("/api/admin/audit?" + bad[0], TestHttp.bearer(admin));
			assertProblem(response, 400);
			List<Object> fields = ((List<?>) json(response).get("errors")).stream()
				.map((error) -> ((Map<?, ?>) error).get("field"))
				.map(Object.class::cast)
				.toList();
			assertThat(fields).as(bad[0]).containsExactly(bad[1]);
		}
	}

	// --- retention

	@Test
	void thePurgeDeletesRowsOlderThanTheRetention() {
		String actor = "user:" + UUID.randomUUID();
		Instant now = this.clock.instant();
		insert(now.minus(Duration.ofDays(91)), SecurityEvents.USER_ENABLED, actor, "user:old", "success");
		insert(now.minus(Duration.ofDays(89)), SecurityEvents.USER_ENABLED, actor, "user:recent", "success");

		assertThat(this.purge.purge(this.clock.instant())).isPositive();
		assertThat(targetsOf(actor)).containsExactly("user:recent");

		this.clock.advance(Duration.ofDays(2));
		this.purge.purge(this.clock.instant());
		assertThat(targetsOf(actor)).isEmpty();
		assertThat(this.purge.name()).isNotBlank();
	}

	// --- the flows

	void signupsFlow() {
		double success = count("auth.signups", "outcome", "success");
		double duplicate = count("auth.signups", "outcome", "duplicate");
		double rejected = count("auth.signups", "outcome", "rejected");
		String email = FirstPartyClient.newEmail("audit");
		HttpResponse<String> created = this.api.signup(email, PASSWORD);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = (String) json(created).get("id");

		assertThat(rows("signup", "user:" + id)).singleElement()
			.isEqualTo(new Row("signup", "user:" + id, "user:" + id, "success", ADDRESS));
		assertThat(this.api.signup(email, PASSWORD).statusCode()).isEqualTo(409);
		assertThat(this.api.signup(FirstPartyClient.newEmail("audit"), "short").statusCode()).isEqualTo(400);
		assertThat(count("auth.signups", "outcome", "success")).isEqualTo(success + 1);
		assertThat(count("auth.signups", "outcome", "duplicate")).isEqualTo(duplicate + 1);
		assertThat(count("auth.signups", "outcome", "rejected")).isEqualTo(rejected + 1);
	}

	void loginsFlow() {
		String email = signedUp();
		String id = userId(email);
		double success = count("auth.logins", "outcome", "success");
		double bad = count("auth.logins", "outcome", "bad_credentials");
		double throttled = count("auth.logins", "outcome", "throttled");
		double disabled = count("auth.logins", "outcome", "disabled");

		accessToken(email, PASSWORD);
		assertThat(rows("login.success", "user:" + id)).singleElement()
			.isEqualTo(new Row("login.success", "user:" + id, null, "success", ADDRESS));

		assertThat(this.api.login(email, WRONG_PASSWORD, "body").statusCode()).isEqualTo(401);
		assertThat(this.api.login(email, WRONG_PASSWORD, "body").statusCode()).isEqualTo(401);
		assertThat(this.api.login(email, PASSWORD, "body").statusCode()).isEqualTo(429);
		assertThat(rows("login.failure", "user:" + id)).containsExactly(
				new Row("login.failure", "user:" + id, null, "bad_credentials", ADDRESS),
				new Row("login.failure", "user:" + id, null, "bad_credentials", ADDRESS));
		long anonymousBefore = anonymousFailures();
		this.jdbc.sql("delete from login_throttle").update();
		assertThat(this.api.login(FirstPartyClient.newEmail("nobody"), WRONG_PASSWORD, "body").statusCode())
			.isEqualTo(401);
		// a throttled attempt is refused before any account is looked up: its row names no actor
		assertThat(anonymousFailures()).isEqualTo(anonymousBefore + 1);

		String admin = adminToken();
		assertThat(this.api.http().json("POST", "/api/admin/users/" + id + "/disable", null, TestHttp.bearer(admin))
			.statusCode()).isEqualTo(200);
		assertThat(this.api.login(email, PASSWORD, "body").statusCode()).isEqualTo(403);
		assertThat(rows("login.failure", "user:" + id)).last()
			.isEqualTo(new Row("login.failure", "user:" + id, null, "disabled", ADDRESS));

		// the admin's own logins count as successes too
		assertThat(count("auth.logins", "outcome", "success")).isGreaterThanOrEqualTo(success + 1);
		assertThat(count("auth.logins", "outcome", "bad_credentials")).isEqualTo(bad + 3);
		assertThat(count("auth.logins", "outcome", "throttled")).isEqualTo(throttled + 1);
		assertThat(count("auth.logins", "outcome", "disabled")).isEqualTo(disabled + 1);
	}

	void pagesFlow() {
		double success = count("auth.signups", "outcome", "success");
		double rejected = count("auth.signups", "outcome", "rejected");
		String email = FirstPartyClient.newEmail("page");
		HttpResponse<String> signup = new PageBrowser(this.port).submit("/signup",
				Map.of("email", email, "password", PASSWORD));
		assertThat(signup.statusCode()).as(signup.body()).isEqualTo(302);
		String id = userId(email);
		assertThat(rows("signup", "user:" + id)).singleElement()
			.isEqualTo(new Row("signup", "user:" + id, "user:" + id, "success", ADDRESS));
		assertThat(new PageBrowser(this.port).submit("/signup", Map.of("email", "not an email", "password", "short"))
			.statusCode()).isEqualTo(400);
		assertThat(count("auth.signups", "outcome", "success")).isEqualTo(success + 1);
		assertThat(count("auth.signups", "outcome", "rejected")).isEqualTo(rejected + 1);

		double logins = count("auth.logins", "outcome", "success");
		double failures = count("auth.logins", "outcome", "bad_credentials");
		HttpResponse<String> login = new PageBrowser(this.port).submit("/login",
				Map.of("username", email, "password", PASSWORD));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		new PageBrowser(this.port).submit("/login", Map.of("username", email, "password", WRONG_PASSWORD));
		assertThat(rows("login.success", "user:" + id)).containsExactly(
				new Row("login.success", "user:" + id, null, "success", ADDRESS));
		assertThat(rows("login.failure", "user:" + id)).containsExactly(
				new Row("login.failure", "user:" + id, null, "bad_credentials", ADDRESS));
		assertThat(count("auth.logins", "outcome", "success")).isEqualTo(logins + 1);
		assertThat(count("auth.logins", "outcome", "bad_credentials")).isEqualTo(failures + 1);
	}

	void sessionsFlow() throws RuntimeException {
		String email = signedUp();
		String id = userId(email);
		double rotated = count("auth.refreshes", "outcome", "rotated");
		double reuse = count("auth.refreshes", "outcome", "reuse_detected");
		double revoked = count("auth.refreshes", "outcome", "revoked");
		double expired = count("auth.refreshes", "outcome", "expired");

		// a rotation: counted, no row
		Map<String, Object> login = tokens(email);
		String first = (String) login.get("refresh_token");
		String sid = sid((String) login.get("access_token"));
		long rowsBefore = rowCount();
		Map<String, Object> second = json(this.api.refreshWithBody(first));
		keep(second);
		assertThat(rowCount()).isEqualTo(rowsBefore);
		assertThat(count("auth.refreshes", "outcome", "rotated")).isEqualTo(rotated + 1);

		// the consumed token again: the family is revoked
		assertThat(this.api.refreshWithBody(first).statusCode()).isEqualTo(401);
		assertThat(rows("refresh.reuse_detected", "user:" + id)).singleElement()
			.isEqualTo(new Row("refresh.reuse_detected", "user:" + id, "session:" + sid, "family_revoked", ADDRESS));
		assertThat(count("auth.refreshes", "outcome", "reuse_detected")).isEqualTo(reuse + 1);
		// and any token of it is refused as revoked
		assertThat(this.api.refreshWithBody((String) second.get("refresh_token")).statusCode()).isEqualTo(401);
		assertThat(count("auth.refreshes", "outcome", "revoked")).isEqualTo(revoked + 1);

		// a logout
		Map<String, Object> other = tokens(email);
		String otherSid = sid((String) other.get("access_token"));
		assertThat(this.api.logoutWithBody((String) other.get("refresh_token")).statusCode()).isEqualTo(204);
		assertThat(this.api.logoutWithBody((String) other.get("refresh_token")).statusCode()).isEqualTo(204);
		assertThat(rows("logout", "user:" + id)).singleElement()
			.isEqualTo(new Row("logout", "user:" + id, "session:" + otherSid, "success", ADDRESS));

		// a refresh token past its idle timeout
		Map<String, Object> idle = tokens(email);
		this.clock.advance(Duration.ofDays(8));
		assertThat(this.api.refreshWithBody((String) idle.get("refresh_token")).statusCode()).isEqualTo(401);
		assertThat(count("auth.refreshes", "outcome", "expired")).isEqualTo(expired + 1);
	}

	void adminFlow() {
		String email = signedUp();
		String id = userId(email);
		keep(tokens(email));
		String admin = adminToken();
		String adminActor = "user:" + userId(ADMIN);

		assertThat(this.api.http()
			.json("PUT", "/api/admin/users/" + id + "/roles", "{\"roles\":[\"user\",\"admin\"]}", TestHttp.bearer(admin))
			.statusCode()).isEqualTo(200);
		assertThat(this.api.http().json("DELETE", "/api/admin/users/" + id + "/sessions", null, TestHttp.bearer(admin))
			.statusCode()).isEqualTo(204);
		assertThat(this.api.http().json("POST", "/api/admin/users/" + id + "/disable", null, TestHttp.bearer(admin))
			.statusCode()).isEqualTo(200);
		assertThat(this.api.http().json("POST", "/api/admin/users/" + id + "/enable", null, TestHttp.bearer(admin))
			.statusCode()).isEqualTo(200);

		assertThat(rowsAbout("user:" + id)).containsExactly(new Row("signup", "user:" + id, "user:" + id, "success", ADDRESS),
				new Row("user.roles_changed", adminActor, "user:" + id, "admin,user", ADDRESS),
				new Row("session.revoked", adminActor, "user:" + id, "admin", ADDRESS),
				new Row("user.disabled", adminActor, "user:" + id, "success", ADDRESS),
				new Row("user.enabled", adminActor, "user:" + id, "success", ADDRESS));
	}

	void clientsFlow() {
		String admin = adminToken();
		String adminActor = "user:" + userId(ADMIN);
		String id = "audited-" + UUID.randomUUID().toString().substring(0, 8);
		double created = count("auth.clients.operations", "operation", "created");
		double deleted = count("auth.clients.operations", "operation", "deleted");
		String client = "{\"clientId\":\"" + id + "\",\"audiences\":[\"people-api\"]}";

		HttpResponse<String> create = this.api.http().json("POST", "/api/admin/clients", client, TestHttp.bearer(admin));
		assertThat(create.statusCode()).as(create.body()).isEqualTo(201);
		this.secrets.add((String) json(create).get("clientSecret"));
		assertThat(this.api.http().json("PUT", "/api/admin/clients/" + id, client, TestHttp.bearer(admin)).statusCode())
			.isEqualTo(200);
		HttpResponse<String> rotate = this.api.http()
			.json("POST", "/api/admin/clients/" + id + "/secrets", "{\"previousSecretExpiresIn\":\"PT0S\"}",
					TestHttp.bearer(admin));
		assertThat(rotate.statusCode()).as(rotate.body()).isEqualTo(200);
		this.secrets.add((String) json(rotate).get("clientSecret"));
		assertThat(this.api.http().json("POST", "/api/admin/clients/" + id + "/disable", null, TestHttp.bearer(admin))
			.statusCode()).isEqualTo(200);
		assertThat(this.api.http().json("DELETE", "/api/admin/clients/" + id, null, TestHttp.bearer(admin)).statusCode())
			.isEqualTo(204);

		String rotatedAt = rowsAbout("client:" + id).get(2).outcome();
		assertThat(rotatedAt).startsWith("previous secret valid until ");
		assertThat(rowsAbout("client:" + id)).containsExactly(
				new Row("client.created", adminActor, "client:" + id, "success", ADDRESS),
				new Row("client.updated", adminActor, "client:" + id, "success", ADDRESS),
				new Row("client.secret_rotated", adminActor, "client:" + id, rotatedAt, ADDRESS),
				new Row("client.disabled", adminActor, "client:" + id, "success", ADDRESS),
				new Row("client.deleted", adminActor, "client:" + id, "success", ADDRESS));
		assertThat(count("auth.clients.operations", "operation", "created")).isEqualTo(created + 1);
		assertThat(count("auth.clients.operations", "operation", "deleted")).isEqualTo(deleted + 1);
	}

	void keysFlow() throws Exception {
		// the clock only moves forward: the next key of every ring so far may sign
		this.clock.advance(Duration.ofDays(1));
		// as the node's sync would: it signs with the ring's active key (another flow may have rotated)
		this.keyRing.reload();
		String admin = adminToken();
		String adminActor = "user:" + userId(ADMIN);
		double rotations = count("auth.keys.operations", "operation", "rotated");
		double revocations = count("auth.keys.operations", "operation", "revoked");
		double imports = count("auth.keys.operations", "operation", "imported");
		double scheduled = count("auth.keys.operations", "operation", "scheduled_rotation");
		double rewraps = count("auth.keys.operations", "operation", "rewrapped");
		String active = this.keyRing.current().signingKey().getKeyID();

		assertThat(this.api.http().json("POST", "/api/admin/keys/rotate", null, TestHttp.bearer(admin)).statusCode())
			.isEqualTo(200);
		String rotatedTo = this.keyRing.current().signingKey().getKeyID();
		assertThat(this.api.http().json("POST", "/api/admin/keys/" + active + "/revoke", null, TestHttp.bearer(admin))
			.statusCode()).isEqualTo(200);
		RSAKey imported = RsaKeys.generate();
		String pem = PemKeys.writePrivateKey(imported);
		keepKey(imported, pem);
		assertThat(this.api.http().postBody("/api/admin/keys/import", "application/x-pem-file", pem, null, null)
			.statusCode()).isEqualTo(401);
		// the admin's token was signed by the key just revoked
		admin = adminToken();
		HttpResponse<String> importedByApi = this.api.http()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.api.http().url("/api/admin/keys/import")))
				.header("Content-Type", "application/x-pem-file")
				.header("Authorization", "Bearer " + admin)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(pem))
				.build());
		assertThat(importedByApi.statusCode()).as(importedByApi.body()).isEqualTo(201);

		assertThat(rowsAbout("key:" + rotatedTo)).last()
			.isEqualTo(new Row("key.rotated", adminActor, "key:" + rotatedTo, "success", ADDRESS));
		assertThat(rowsAbout("key:" + active)).last()
			.isEqualTo(new Row("key.revoked", adminActor, "key:" + active, "success", ADDRESS));
		assertThat(rowsAbout("key:" + imported.getKeyID())).containsExactly(
				new Row("key.imported", adminActor, "key:" + imported.getKeyID(), "success", ADDRESS));

		// the command line: its OS user, no address
		RSAKey cliKey = RsaKeys.generate();
		String cliPem = PemKeys.writePrivateKey(cliKey);
		keepKey(cliKey, cliPem);
		Path file = Files.writeString(this.files.resolve("key.pem"), cliPem, StandardCharsets.US_ASCII);
		assertThat(KeysCommand.main(cliArguments("import", file.toString()))).isZero();
		assertThat(rowsAbout("key:" + cliKey.getKeyID())).containsExactly(new Row("key.imported",
				"cli:" + System.getProperty("user.name"), "key:" + cliKey.getKeyID(), "success", null));

		// the scheduled rotation of a node whose rotation period has passed
		this.clock.advance(Duration.ofDays(2));
		KeyRingService node = new KeyRingService(this.keyRingStore, this.keyRingPolicy, Duration.ofDays(1),
				this.clock, this.events);
		assertThat(node.rotateIfDue()).isTrue();
		String scheduledKid = node.current().signingKey().getKeyID();
		this.keyRing.reload();
		assertThat(rowsAbout("key:" + scheduledKid)).last()
			.isEqualTo(new Row("key.scheduled_rotation", "system", "key:" + scheduledKid, "success", null));

		// the KEK rewrap is the KEK feature's to call
		this.events.kekRewrapped("cli:operator", 3);
		assertThat(rows("kek.rewrapped", "cli:operator")).last()
			.isEqualTo(new Row("kek.rewrapped", "cli:operator", null, "rewrapped 3 keys", null));
		String kek = this.environment.getProperty("app.keys.kek");
		if (kek != null) {
			this.secrets.add(kek);
		}

		assertThat(count("auth.keys.operations", "operation", "rotated")).isEqualTo(rotations + 1);
		assertThat(count("auth.keys.operations", "operation", "revoked")).isEqualTo(revocations + 1);
		assertThat(count("auth.keys.operations", "operation", "imported")).isEqualTo(imports + 1);
		assertThat(count("auth.keys.operations", "operation", "scheduled_rotation")).isEqualTo(scheduled + 1);
		assertThat(count("auth.keys.operations", "operation", "rewrapped")).isEqualTo(rewraps + 1);
	}

	// --- helpers

	record Row(String action, String actor, String target, String outcome, String address) {
	}

	private List<Row> rows(String action, String actor) {
		return this.jdbc
			.sql("select action, actor, target, outcome, address from audit_event where action = ? and actor = ?"
					+ " order by id")
			.params(action, actor)
			.query((rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list();
	}

	private List<Row> rowsAbout(String target) {
		return this.jdbc
			.sql("select action, actor, target, outcome, address from audit_event where target = ? order by id")
			.param(target)
			.query((rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list();
	}

	private List<String> targetsOf(String actor) {
		return this.jdbc.sql("select target from audit_event where actor = ? order by id")
			.param(actor)
			.query(String.class)
			.list();
	}

	private long anonymousFailures() {
		return this.jdbc.sql("select count(*) from audit_event where action = 'login.failure' and actor is null")
			.query(Long.class)
			.single();
	}

	private long rowCount() {
		return this.jdbc.sql("select count(*) from audit_event").query(Long.class).single();
	}

	private void insert(Instant at, String action, String actor, String target, String outcome) {
		this.jdbc.sql("insert into audit_event (at, action, actor, target, outcome) values (?, ?, ?, ?, ?)")
			.params(Timestamp.from(at.truncatedTo(ChronoUnit.MILLIS)), action, actor, target, outcome)
			.update();
	}

	private double count(String name, String tag, String value) {
		return this.meters.get(name).tag(tag, value).counter().count();
	}

	private List<String> tags(String name, String tag) {
		return this.meters.find(name).counters().stream().map((counter) -> counter.getId().getTag(tag)).toList();
	}

	private String signedUp() {
		String email = FirstPartyClient.newEmail("audit");
		assertThat(this.api.signup(email, PASSWORD).statusCode()).isEqualTo(201);
		return email;
	}

	private Map<String, Object> tokens(String email) {
		HttpResponse<String> response = this.api.login(email, PASSWORD, "body");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> tokens = json(response);
		keep(tokens);
		return tokens;
	}

	private String accessToken(String email, String password) {
		HttpResponse<String> response = this.api.login(email, password, "body");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> tokens = json(response);
		keep(tokens);
		return (String) tokens.get("access_token");
	}

	private String adminToken() {
		return accessToken(ADMIN, ADMIN_PASSWORD);
	}

	private String userId(String email) {
		return this.jdbc.sql("select id from user_account where email = ?").param(email).query(String.class).single();
	}

	private PageBrowser signedInBrowser(String email) {
		PageBrowser browser = new PageBrowser(this.port);
		HttpResponse<String> login = browser.submit("/login", Map.of("username", email, "password", PASSWORD));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		return browser;
	}

	private void keep(Pending pending) {
		this.secrets.add(pending.code());
		this.secrets.add(pending.verifier());
	}

	private void keep(Map<String, Object> tokens) {
		for (String name : List.of("access_token", "refresh_token", "id_token")) {
			if (tokens.get(name) instanceof String token) {
				this.secrets.add(token);
				// a token's signature alone is as good as the token to a scan
				this.secrets.add(token.substring(token.lastIndexOf('.') + 1));
			}
		}
	}

	private void keepKey(RSAKey key, String pem) {
		this.secrets.add(key.getPrivateExponent().toString());
		pem.lines().filter((line) -> !line.startsWith("-----")).forEach(this.secrets::add);
	}

	private static String sid(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	private String[] cliArguments(String... command) {
		List<String> arguments = new ArrayList<>(List.of(command));
		for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"app.keys.kek", "app.storage.data-dir")) {
			String value = this.environment.getProperty(name);
			if (value != null) {
				arguments.add("--" + name + "=" + value);
			}
		}
		return arguments.toArray(String[]::new);
	}

	private Map<String, Object> page(String path, String admin) {
		HttpResponse<String> response = this.api.http().get(path, TestHttp.bearer(admin));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> entries(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("content");
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response)).containsEntry("status", (long) status);
	}

}
