package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokenservice.auth.login.AuthApi.SetCookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static dev.tokenservice.auth.login.AuthApi.newEmail;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Housekeeping of expired rows, and what ends up in the database and the log. */
interface StorageAndLoggingTests extends FirstPartyApi {

	@Test
	default void expiredSessionsAndStaleCountersArePurged() {
		String email = signedUpUser();
		assertThat(api().login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
		assertProblem(api().login(newEmail(), PASSWORD, "body"), 401);
		int families = count("refresh_family");
		assertThat(count("login_throttle")).isEqualTo(2);
		// rows of the other features that expire within the month
		Timestamp soon = Timestamp.from(clock().instant().plus(Duration.ofDays(1)));
		String hash = "purge-test-" + java.util.UUID.randomUUID();
		jdbc().sql("insert into login_session values (?, 'no-user', ?, ?, ?, ?)").params(hash, soon, soon, soon, soon).update();
		jdbc().sql("insert into revoked_access_token values (?, ?)").params(hash, soon).update();

		clock().advance(Duration.ofDays(31));
		// other tests' runs do not count: the last run is what this test's moved clock says
		jdbc().sql("update housekeeping_lock set last_run_at = null").update();
		assertThat(hourlyPurge().runIfDue()).isTrue();
		assertThat(hourlyPurge().runIfDue()).as("done less than an hour ago").isFalse();

		assertThat(jdbc().sql("select count(*) from login_session where session_hash = ?").param(hash)
			.query(Integer.class).single()).isZero();
		assertThat(jdbc().sql("select count(*) from revoked_access_token where token_hash = ?").param(hash)
			.query(Integer.class).single()).isZero();
		assertThat(count("login_throttle")).isZero();
		assertThat(count("refresh_family")).isLessThan(families);
		assertThat(jdbc().sql("select count(*) from refresh_token where expires_at < ?")
			.param(Timestamp.from(clock().instant()))
			.query(Integer.class)
			.single()).isZero();
	}

	default int count(String table) {
		// the table names are constants of this class, not input
		return jdbc().sql("select count(*) from " + table).query(Integer.class).single();
	}

	@Test
	default void aWholeSessionLeavesNoTokenOrPasswordInTheDatabaseOrTheLog(CapturedOutput output) {
		String email = signedUpUser();
		String weak = "sunshine1";
		assertProblem(api().signup(newEmail(), weak), 400);
		assertProblem(api().login(email, WRONG_PASSWORD, "body"), 401);
		List<String> issued = new ArrayList<>();
		Map<String, Object> login = loginBody(email);
		issued.add((String) login.get("access_token"));
		String refresh = (String) login.get("refresh_token");
		issued.add(refresh);
		String first = refresh;
		for (int i = 0; i < 3; i++) {
			Map<String, Object> refreshed = json(api().refreshWithBody(refresh));
			issued.add((String) refreshed.get("access_token"));
			refresh = (String) refreshed.get("refresh_token");
			issued.add(refresh);
		}
		HttpResponse<String> cookieLogin = api().login(email, PASSWORD, "cookie");
		issued.add((String) json(cookieLogin).get("access_token"));
		String cookie = SetCookie.of(cookieLogin).value();
		issued.add(cookie);
		HttpResponse<String> cookieRefresh = api().refreshWithCookie(cookie);
		issued.add((String) json(cookieRefresh).get("access_token"));
		issued.add(SetCookie.of(cookieRefresh).value());
		String admin = adminToken();
		issued.add(admin);
		String id = api().userId(admin);
		api().get("/api/admin/users", admin);
		api().get("/api/auth/me", issued.get(0));
		// a replay (reuse detection), a disabled account, and every way of logging out
		api().refreshWithBody(first);
		api().logoutWithCookie(SetCookie.of(cookieRefresh).value());
		http().json("POST", "/api/auth/logout", null, "Authorization", "Bearer " + issued.get(0));
		String victim = signedUpUser();
		String victimToken = (String) loginBody(victim).get("access_token");
		issued.add(victimToken);
		api().admin("POST", "/api/admin/users/" + api().userId(victimToken) + "/disable", null, admin);
		api().login(victim, PASSWORD, "body");

		List<String> cells = allCells();
		String log = output.getAll();
		for (String token : issued) {
			String signature = token.substring(token.lastIndexOf('.') + 1);
			assertThat(cells).noneMatch((cell) -> cell.contains(signature));
			assertThat(log).doesNotContain(signature);
		}
		for (String password : List.of(PASSWORD, WRONG_PASSWORD, ADMIN_PASSWORD, weak)) {
			assertThat(cells).noneMatch((cell) -> cell.contains(password));
			assertThat(log).doesNotContain(password);
		}
		// the security events were logged (so the checks above looked at a real log)
		assertThat(log).contains("Login failed: wrong password for user")
			.contains("Refresh token reuse detected")
			.contains("Login refused: user")
			.contains("disabled user")
			.doesNotContain("$argon2");
		assertThat(id).isNotBlank();
	}

	/** Every cell of every table of the schema, as text; fails unless the session tables were read. */
	default List<String> allCells() {
		List<String> tables = jdbc()
			.sql("select distinct table_name from information_schema.columns where table_schema = current_schema()")
			.query(String.class)
			.list();
		assertThat(tables.stream().map((table) -> table.toLowerCase(Locale.ROOT)).toList()).contains("user_account", "refresh_family", "refresh_token", "login_throttle", "oauth2_authorization",
					"signing_key");
		List<String> cells = new ArrayList<>();
		for (String table : tables) {
			// identifiers cannot be bound; these names come from the database's own catalog, quoted as stored
			jdbc().sql("select * from \"" + table + "\"")
				.query()
				.listOfRows()
				.forEach((row) -> row.values().forEach((value) -> cells.add(String.valueOf(value))));
		}
		assertThat(cells).anyMatch((cell) -> cell.startsWith("sha256:"));
		return cells;
	}

}
