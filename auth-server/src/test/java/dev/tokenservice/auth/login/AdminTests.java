package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.admin.BootstrapUsers;
import dev.tokenservice.auth.admin.BootstrapUsersProperties;
import org.junit.jupiter.api.Test;

import static dev.tokenservice.auth.login.AuthApi.newEmail;
import static dev.tokenservice.auth.support.Race.race;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API and the bootstrap admin. */
interface AdminTests extends FirstPartyApi {

	@Test
	default void adminApiIsForAdminsOnly() {
		String userToken = (String) loginBody(signedUpUser()).get("access_token");

		assertProblem(api().get("/api/admin/users", userToken), 403);
		assertProblem(http().json("GET", "/api/admin/users", null), 401);

		HttpResponse<String> page = api().get("/api/admin/users?size=2&page=0", adminToken());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(json(page)).containsKeys("content", "page");
		assertThat((List<?>) json(page).get("content")).hasSize(2);
		@SuppressWarnings("unchecked")
		Map<String, Object> pageInfo = (Map<String, Object>) json(page).get("page");
		assertThat(pageInfo).containsEntry("size", 2L).containsEntry("number", 0L)
			.containsKeys("totalElements", "totalPages");
		assertThat(page.body()).doesNotContain("passwordHash").doesNotContain("argon2");
	}

	@Test
	default void adminGrantsRolesThatAppearInTheNextTokens() throws ParseException {
		String email = signedUpUser();
		Map<String, Object> login = loginBody(email);
		String id = api().userId((String) login.get("access_token"));

		HttpResponse<String> updated = api().admin("PUT", "/api/admin/users/" + id + "/roles",
				"{\"roles\":[\"admin\"]}", adminToken());

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated)).containsEntry("roles", List.of("user", "admin"));
		String refreshed = (String) json(api().refreshWithBody((String) login.get("refresh_token")))
			.get("access_token");
		assertThat(SignedJWT.parse(refreshed).getJWTClaimsSet().getStringListClaim("roles"))
			.containsExactly("user", "admin");
		assertThat(api().get("/api/admin/users", refreshed).statusCode()).isEqualTo(200);
		assertProblem(api().admin("PUT", "/api/admin/users/" + id + "/roles", "{\"roles\":[\"root\"]}",
				adminToken()), 400);
		assertProblem(api().admin("PUT", "/api/admin/users/" + id + "/roles", "{}", adminToken()), 400);
		assertProblem(api().admin("PUT", "/api/admin/users/nobody/roles", "{\"roles\":[\"user\"]}",
				adminToken()), 404);
	}

	@Test
	default void disabledUserCannotLogInOrRefreshAndEnablingDoesNotReviveOldSessions() {
		String email = signedUpUser();
		Map<String, Object> login = loginBody(email);
		String id = api().userId((String) login.get("access_token"));

		HttpResponse<String> disabled = api().admin("POST", "/api/admin/users/" + id + "/disable", null,
				adminToken());
		assertThat(disabled.statusCode()).isEqualTo(200);
		assertThat(json(disabled)).containsEntry("enabled", false);

		assertProblem(api().login(email, PASSWORD, "body"), 403);
		assertProblem(api().refreshWithBody((String) login.get("refresh_token")), 401);

		HttpResponse<String> enabled = api().admin("POST", "/api/admin/users/" + id + "/enable", null, adminToken());
		assertThat(json(enabled)).containsEntry("enabled", true);
		assertProblem(api().refreshWithBody((String) login.get("refresh_token")), 401);
		assertThat(api().login(email, PASSWORD, "body").statusCode()).isEqualTo(200);
		assertProblem(api().admin("POST", "/api/admin/users/nobody/disable", null, adminToken()), 404);
	}

	@Test
	default void adminRevokingSessionsEndsEveryFamilyOfTheUser() {
		String email = signedUpUser();
		String first = (String) loginBody(email).get("refresh_token");
		Map<String, Object> second = loginBody(email);
		String other = (String) loginBody(signedUpUser()).get("refresh_token");

		HttpResponse<String> revoked = api().admin("DELETE",
				"/api/admin/users/" + api().userId((String) second.get("access_token")) + "/sessions", null,
				adminToken());

		assertThat(revoked.statusCode()).isEqualTo(204);
		assertProblem(api().refreshWithBody(first), 401);
		assertProblem(api().refreshWithBody((String) second.get("refresh_token")), 401);
		assertThat(api().refreshWithBody(other).statusCode()).as("another user").isEqualTo(200);
		assertProblem(api().admin("DELETE", "/api/admin/users/nobody/sessions", null, adminToken()), 404);
	}

	@Test
	default void bootstrapAdminExistsAndBootstrapIsIdempotent() {
		String before = api().userId(adminToken());

		bootstrap("root@example.com", ADMIN_PASSWORD);

		HttpResponse<String> me = api().get("/api/auth/me", adminToken());
		assertThat(json(me)).containsEntry("id", before).containsEntry("roles", List.of("user", "admin"));
	}

	@Test
	default void bootstrapPromotesAnExistingUserAndEndsSessionsOfAnyoneWithoutTheConfiguredPassword() {
		String email = signedUpUser();
		String squatterSession = (String) loginBody(email).get("refresh_token");

		bootstrap(email, ADMIN_PASSWORD);

		assertProblem(api().refreshWithBody(squatterSession), 401);
		assertProblem(api().login(email, PASSWORD, "body"), 401);
		Map<String, Object> admin = api().loginBody(email, ADMIN_PASSWORD);
		assertThat(json(api().get("/api/auth/me", (String) admin.get("access_token")))).containsEntry("roles",
				List.of("user", "admin"));
		// the owner, who knows the configured password, keeps their sessions at the next start
		bootstrap(email, ADMIN_PASSWORD);
		assertThat(api().refreshWithBody((String) admin.get("refresh_token")).statusCode()).isEqualTo(200);
	}

	@Test
	default void nodesBootstrappingTheSameAdminAtOnceCreateOneAccount() throws Exception {
		String email = newEmail();

		List<Integer> done = race(4, (i) -> {
			bootstrap(email, ADMIN_PASSWORD);
			return 1;
		});

		assertThat(done).hasSize(4);
		assertThat(jdbc().sql("select count(*) from user_account where email = ?").param(email).query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(api().login(email, ADMIN_PASSWORD, "body").statusCode()).isEqualTo(200);
	}

	default void bootstrap(String email, String password) {
		new BootstrapUsers(users(), sessions(),
				new BootstrapUsersProperties(new BootstrapUsersProperties.Account(email, password), null))
			.afterPropertiesSet();
	}

}
