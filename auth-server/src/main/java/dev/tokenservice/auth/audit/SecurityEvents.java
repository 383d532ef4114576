package dev.tokenservice.auth.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What feature code calls at each security event: the audit row ({@code audit_event}) and the event
 * counters ({@code auth.logins}, {@code auth.refreshes}, {@code auth.signups},
 * {@code auth.keys.operations}, {@code auth.clients.operations}). The row is written with {@link JdbcClient}, so it joins the caller's
 * transaction when there is one: the change and its row commit or roll back together. The address is
 * the current request's remote address ({@code getRemoteAddr()}, behind a proxy only with
 * {@code server.forward-headers-strategy} set), none outside a request (command line, scheduled work).
 * Every counter's tag values exist from the start, at 0. Without a {@link MeterRegistry} bean (the
 * {@code keys} command line) the counters go to a private registry nobody reads.
 * <p>
 * Nothing secret is ever passed in: actors and targets are ids ({@code user:<id>}, {@code client:<id>},
 * {@code cli:<OS user>}, {@code system}, {@code key:<kid>}, {@code session:<sid>}).
 */
@Component
public class SecurityEvents {

	public static final String SIGNUP = "signup";

	public static final String LOGIN_SUCCESS = "login.success";

	public static final String LOGIN_FAILURE = "login.failure";

	public static final String LOGOUT = "logout";

	public static final String REFRESH_REUSE_DETECTED = "refresh.reuse_detected";

	public static final String SESSION_REVOKED = "session.revoked";

	public static final String USER_DISABLED = "user.disabled";

	public static final String USER_ENABLED = "user.enabled";

	public static final String USER_ROLES_CHANGED = "user.roles_changed";

	public static final String KEY_ROTATED = "key.rotated";

	public static final String KEY_REVOKED = "key.revoked";

	public static final String KEY_IMPORTED = "key.imported";

	public static final String KEY_SCHEDULED_ROTATION = "key.scheduled_rotation";

	public static final String KEK_REWRAPPED = "kek.rewrapped";

	public static final String CLIENT_CREATED = "client.created";

	public static final String CLIENT_UPDATED = "client.updated";

	public static final String CLIENT_SECRET_ROTATED = "client.secret_rotated";

	public static final String CLIENT_DISABLED = "client.disabled";

	public static final String CLIENT_DELETED = "client.deleted";

	/** Every action an audit row can have. */
	public static final Set<String> ACTIONS = Set.of(SIGNUP, LOGIN_SUCCESS, LOGIN_FAILURE, LOGOUT,
			REFRESH_REUSE_DETECTED, SESSION_REVOKED, USER_DISABLED, USER_ENABLED, USER_ROLES_CHANGED, KEY_ROTATED,
			KEY_REVOKED, KEY_IMPORTED, KEY_SCHEDULED_ROTATION, KEK_REWRAPPED, CLIENT_CREATED, CLIENT_UPDATED,
			CLIENT_SECRET_ROTATED, CLIENT_DISABLED, CLIENT_DELETED);

	/** The actor of scheduled work. */
	public static final String SYSTEM = "system";

	private static final String SUCCESS = "success";

	private static final int MAX_ID = 120;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Map<LoginOutcome, Counter> logins;

	private final Map<RefreshOutcome, Counter> refreshes;

	private final Map<SignupOutcome, Counter> signups;

	private final Map<KeyOperation, Counter> keyOperations;

	private final Map<ClientOperation, Counter> clientOperations;

	public SecurityEvents(JdbcClient jdbc, Clock clock, ObjectProvider<MeterRegistry> meterRegistry) {
		this.jdbc = jdbc;
		this.clock = clock;
		MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
		this.logins = counters(registry, LoginOutcome.class, "auth.logins", "outcome",
				"Password logins (first-party API and login page) by outcome");
		this.refreshes = counters(registry, RefreshOutcome.class, "auth.refreshes", "outcome",
				"Refresh-token presentations by outcome");
		this.signups = counters(registry, SignupOutcome.class, "auth.signups", "outcome",
				"Sign-ups (API and sign-up page) by outcome");
		this.keyOperations = counters(registry, KeyOperation.class, "auth.keys.operations", "operation",
				"Signing-key and key-encryption-key operations");
		this.clientOperations = counters(registry, ClientOperation.class, "auth.clients.operations", "operation",
				"Client administration operations (admin API and command line)");
	}

	/** One counter per value of {@code values}, registered now so that each reads 0 before its first event. */
	private static <E extends Enum<E>> Map<E, Counter> counters(MeterRegistry registry, Class<E> values, String name,
			String tag, String description) {
		Map<E, Counter> counters = new EnumMap<>(values);
		for (E value : values.getEnumConstants()) {
			counters.put(value, Counter.builder(name).description(description).tag(tag, tagOf(value)).register(registry));
		}
		return counters;
	}

	/** {@code user:<id>}. */
	public static String user(String userId) {
		return "user:" + userId;
	}

	/** {@code client:<client id>}. */
	public static String client(String clientId) {
		return "client:" + clientId;
	}

	/** {@code cli:<OS user name>}: the person running the command line. */
	public static String cli() {
		return "cli:" + System.getProperty("user.name");
	}

	/** {@code key:<kid>}. */
	public static String key(String kid) {
		return "key:" + kid;
	}

	/** {@code session:<sid>}. */
	public static String session(String sid) {
		return "session:" + sid;
	}

	// --- sign-up and login

	/** A new account. */
	public void signedUp(String userId) {
		this.signups.get(SignupOutcome.SUCCESS).increment();
		record(SIGNUP, user(userId), user(userId), SUCCESS);
	}

	/** A sign-up refused for an email that has an account: counted only (no row without an actor). */
	public void signupDuplicate() {
		this.signups.get(SignupOutcome.DUPLICATE).increment();
	}

	/** A sign-up refused by validation or the password policy: counted only. */
	public void signupRejected() {
		this.signups.get(SignupOutcome.REJECTED).increment();
	}

	public void loginSucceeded(String userId) {
		this.logins.get(LoginOutcome.SUCCESS).increment();
		record(LOGIN_SUCCESS, user(userId), null, SUCCESS);
	}

	/**
	 * A refused login; {@code userId} is the account's when the email named one (never the typed email:
	 * people type passwords into it), else null.
	 */
	public void loginFailed(String userId, LoginOutcome outcome) {
		if (outcome == LoginOutcome.SUCCESS) {
			throw new IllegalArgumentException("Not a failure");
		}
		this.logins.get(outcome).increment();
		record(LOGIN_FAILURE, (userId != null) ? user(userId) : null, null, outcome.tag());
	}

	// --- sessions

	/** A user ended a session (first-party logout, RP-initiated logout). */
	public void loggedOut(String userId, String sid) {
		record(LOGOUT, user(userId), session(sid), SUCCESS);
	}

	/** A consumed refresh token came back: its family is revoked. */
	public void refreshReuseDetected(String userId, String sid) {
		this.refreshes.get(RefreshOutcome.REUSE_DETECTED).increment();
		record(REFRESH_REUSE_DETECTED, user(userId), session(sid), "family_revoked");
	}

	/**
	 * A refresh's outcome, counted only: refreshes stay cheap (a rotation writes no audit row). Reuse
	 * is {@link #refreshReuseDetected}.
	 */
	public void refreshed(RefreshOutcome outcome) {
		if (outcome == RefreshOutcome.REUSE_DETECTED) {
			throw new IllegalArgumentException("Use refreshReuseDetected");
		}
		this.refreshes.get(outcome).increment();
	}

	/** Sessions ended by someone else than their user: {@code reason} is the outcome. */
	public void sessionRevoked(String actor, String target, String reason) {
		record(SESSION_REVOKED, actor, target, reason);
	}

	// --- accounts

	public void userDisabled(String actor, String userId) {
		record(USER_DISABLED, actor, user(userId), SUCCESS);
	}

	public void userEnabled(String actor, String userId) {
		record(USER_ENABLED, actor, user(userId), SUCCESS);
	}

	/** The outcome is the new roles, sorted and comma-separated. */
	public void rolesChanged(String actor, String userId, Set<String> roles) {
		record(USER_ROLES_CHANGED, actor, user(userId), String.join(",", new TreeSet<>(roles)));
	}

	// --- keys

	public void keyRotated(String actor, String activeKid, boolean forced) {
		this.keyOperations.get(KeyOperation.ROTATED).increment();
		record(KEY_ROTATED, actor, key(activeKid), forced ? "forced" : SUCCESS);
	}

	public void keyScheduledRotation(String activeKid) {
		this.keyOperations.get(KeyOperation.SCHEDULED_ROTATION).increment();
		record(KEY_SCHEDULED_ROTATION, SYSTEM, key(activeKid), SUCCESS);
	}

	public void keyRevoked(String actor, String kid) {
		this.keyOperations.get(KeyOperation.REVOKED).increment();
		record(KEY_REVOKED, actor, key(kid), SUCCESS);
	}

	public void keyImported(String actor, String kid) {
		this.keyOperations.get(KeyOperation.IMPORTED).increment();
		record(KEY_IMPORTED, actor, key(kid), SUCCESS);
	}

	/** Every private key re-sealed under the current KEK; the outcome says how many. */
	public void kekRewrapped(String actor, int keys) {
		this.keyOperations.get(KeyOperation.REWRAPPED).increment();
		record(KEK_REWRAPPED, actor, null, "rewrapped " + keys + " keys");
	}

	// --- clients (the outcome never holds a secret)

	public void clientCreated(String actor, String clientId) {
		clientOperation(ClientOperation.CREATED, CLIENT_CREATED, actor, clientId, SUCCESS);
	}

	public void clientUpdated(String actor, String clientId) {
		clientOperation(ClientOperation.UPDATED, CLIENT_UPDATED, actor, clientId, SUCCESS);
	}

	/** The outcome says until when the previous secret still works. */
	public void clientSecretRotated(String actor, String clientId, Instant previousExpiresAt) {
		clientOperation(ClientOperation.SECRET_ROTATED, CLIENT_SECRET_ROTATED, actor, clientId,
				"previous secret valid until " + previousExpiresAt.truncatedTo(ChronoUnit.SECONDS));
	}

	public void clientDisabled(String actor, String clientId) {
		clientOperation(ClientOperation.DISABLED, CLIENT_DISABLED, actor, clientId, SUCCESS);
	}

	public void clientDeleted(String actor, String clientId) {
		clientOperation(ClientOperation.DELETED, CLIENT_DELETED, actor, clientId, SUCCESS);
	}

	private void clientOperation(ClientOperation operation, String action, String actor, String clientId,
			String outcome) {
		this.clientOperations.get(operation).increment();
		record(action, actor, client(clientId), outcome);
	}

	private void record(String action, String actor, String target, String outcome) {
		this.jdbc.sql("""
				insert into audit_event (at, action, actor, target, outcome, address)
				values (?, ?, ?, ?, ?, ?)""")
			.params(Timestamp.from(this.clock.instant()), action, bounded(actor), bounded(target), outcome,
					currentAddress())
			.update();
	}

	private static String bounded(String id) {
		return (id == null || id.length() <= MAX_ID) ? id : id.substring(0, MAX_ID);
	}

	private static String currentAddress() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			return servlet.getRequest().getRemoteAddr();
		}
		return null;
	}

	/** {@code auth.logins} outcomes; all but {@code SUCCESS} are {@code login.failure} rows. */
	public enum LoginOutcome {

		SUCCESS, BAD_CREDENTIALS, THROTTLED, DISABLED;

		/** The tag value: the name in lower case. */
		public String tag() {
			return tagOf(this);
		}

	}

	/** {@code auth.refreshes} outcomes. */
	public enum RefreshOutcome {

		ROTATED, REUSE_DETECTED, EXPIRED, REVOKED;

		public String tag() {
			return tagOf(this);
		}

	}

	/** {@code auth.signups} outcomes. */
	public enum SignupOutcome {

		SUCCESS, DUPLICATE, REJECTED;

		public String tag() {
			return tagOf(this);
		}

	}

	/** {@code auth.keys.operations} operations. */
	public enum KeyOperation {

		ROTATED, SCHEDULED_ROTATION, REVOKED, IMPORTED, REWRAPPED;

		public String tag() {
			return tagOf(this);
		}

	}

	/** {@code auth.clients.operations} operations. */
	public enum ClientOperation {

		CREATED, UPDATED, SECRET_ROTATED, DISABLED, DELETED;

		public String tag() {
			return tagOf(this);
		}

	}

	private static String tagOf(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
