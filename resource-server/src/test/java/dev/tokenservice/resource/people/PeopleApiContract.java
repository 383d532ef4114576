package dev.tokenservice.resource.people;

import java.net.http.HttpResponse;

import java.util.List;
import java.util.Map;

import dev.tokenservice.resource.support.ApiTest;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The people API over HTTP with tokens of each kind of caller; run on H2 and on PostgreSQL. */
abstract class PeopleApiContract extends ApiTest {

	String user() {
		return this.issuer.token().build();
	}

	String admin() {
		return this.issuer.token().admin().build();
	}

	String readOnlyService() {
		return this.issuer.token().client("reporting-service", "people:read").build();
	}

	HttpResponse<String> create(String token, String firstName, String lastName) {
		return call("POST", "/api/people", token,
				"{\"firstName\":\"" + firstName + "\",\"lastName\":\"" + lastName + "\",\"email\":\"a@example.com\"}");
	}

	String createdPath(HttpResponse<String> created) {
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		return location.substring(location.indexOf("/api/people"));
	}

	@Test
	void userCreatesReadsAndUpdates() {
		HttpResponse<String> created = create(user(), "Ada", "Lovelace");
		String path = createdPath(created);
		assertThat(json(created)).containsKeys("id", "createdAt", "updatedAt", "version")
			.containsEntry("firstName", "Ada");
		assertThat(created.headers().firstValue("ETag")).hasValue("\"0\"");

		HttpResponse<String> read = call("GET", path, user(), null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("ETag")).hasValue("\"0\"");
		assertThat(json(read)).containsEntry("createdAt", json(created).get("createdAt"));

		HttpResponse<String> updated = call("PUT", path, user(), "{\"firstName\":\"Augusta\",\"lastName\":\"King\"}");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated)).containsEntry("lastName", "King").containsEntry("version", 1L);
		assertThat(updated.headers().firstValue("ETag")).hasValue("\"1\"");
	}

	@Test
	void deleteByNonAdminIsForbidden() {
		String path = createdPath(create(user(), "Grace", "Hopper"));

		HttpResponse<String> denied = call("DELETE", path, user(), null);

		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(call("GET", path, user(), null).statusCode()).isEqualTo(200);
	}

	@Test
	void deleteByAdminRemovesThePerson() {
		String path = createdPath(create(user(), "Alan", "Turing"));

		assertThat(call("DELETE", path, admin(), null).statusCode()).isEqualTo(204);
		assertThat(call("GET", path, user(), null).statusCode()).isEqualTo(404);
		assertThat(call("DELETE", path, admin(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void deletingAMissingPersonIsForbiddenToUsersAndNotFoundForAdmins() {
		assertThat(call("DELETE", "/api/people/987654321", user(), null).statusCode()).isEqualTo(403);
		assertThat(call("DELETE", "/api/people/987654321", admin(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void readOnlyClientCanReadButNotWrite() {
		String path = createdPath(create(user(), "Barbara", "Liskov"));

		assertThat(call("GET", path, readOnlyService(), null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/people", readOnlyService(), null).statusCode()).isEqualTo(200);
		assertThat(create(readOnlyService(), "Not", "Allowed").statusCode()).isEqualTo(403);
		assertThat(call("PUT", path, readOnlyService(), "{\"firstName\":\"X\",\"lastName\":\"Y\"}").statusCode())
			.isEqualTo(403);
		assertThat(call("DELETE", path, readOnlyService(), null).statusCode()).isEqualTo(403);
	}

	@Test
	void tokenWithoutReadScopeCannotRead() {
		String writeOnly = this.issuer.token().claim("scope", "people:write").build();

		assertThat(call("GET", "/api/people", writeOnly, null).statusCode()).isEqualTo(403);
	}

	@Test
	void staleIfMatchIsPreconditionFailedSoNoUpdateIsLost() {
		String path = createdPath(create(user(), "Edsger", "Dijkstra"));
		assertThat(call("PUT", path, user(), "{\"firstName\":\"E\",\"lastName\":\"D\"}", "If-Match", "\"0\"")
			.statusCode()).isEqualTo(200);

		HttpResponse<String> stale = call("PUT", path, user(), "{\"firstName\":\"Lost\",\"lastName\":\"Update\"}",
				"If-Match", "\"0\"");

		assertThat(stale.statusCode()).isEqualTo(412);
		assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(call("GET", path, user(), null))).containsEntry("firstName", "E");
	}

	@Test
	void ifMatchFollowsRfc9110() {
		String path = createdPath(create(user(), "Niklaus", "Wirth"));
		String body = "{\"firstName\":\"N\",\"lastName\":\"W\"}";

		assertThat(call("PUT", path, user(), body, "If-Match", "W/\"0\"").statusCode()).as("weak never matches")
			.isEqualTo(412);
		assertThat(call("PUT", path, user(), body, "If-Match", "\"7\", \"0\"").statusCode()).as("any listed tag")
			.isEqualTo(200);
		assertThat(call("PUT", path, user(), body, "If-Match", "*").statusCode()).as("any version").isEqualTo(200);
		assertThat(call("PUT", "/api/people/987654321", user(), body, "If-Match", "*").statusCode()).isEqualTo(404);
	}

	@Test
	void blankEmailMeansNone() {
		HttpResponse<String> created = call("POST", "/api/people", user(),
				"{\"firstName\":\"Tony\",\"lastName\":\"Hoare\",\"email\":\"  \"}");

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(json(created)).containsEntry("email", null);
	}

	@Test
	void invalidFieldsGetOneMessageEach() {
		HttpResponse<String> response = call("POST", "/api/people", user(),
				"{\"firstName\":\"\",\"lastName\":\"" + "x".repeat(101) + "\",\"email\":\"not-an-email\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		List<Object> fields = ((List<?>) json(response).get("errors")).stream()
			.map((error) -> ((Map<?, ?>) error).get("field"))
			.map(Object.class::cast)
			.toList();
		assertThat(fields).containsExactlyInAnyOrder("firstName", "lastName", "email");
	}

	@Test
	void idAndUnknownFieldsInTheBodyAreIgnored() {
		HttpResponse<String> created = call("POST", "/api/people", user(),
				"{\"id\":424242,\"version\":7,\"firstName\":\"Katherine\",\"lastName\":\"Johnson\",\"rank\":\"x\"}");

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(json(created).get("id")).isNotEqualTo(424242L);
		assertThat(json(created)).containsEntry("version", 0L);
	}

	@Test
	void malformedRequestsAreProblems() {
		assertProblem(call("POST", "/api/people", user(), "{not json"), 400);
		assertProblem(call("GET", "/api/people/not-a-number", user(), null), 400);
		assertProblem(call("GET", "/api/people/123456789", user(), null), 404);
		assertProblem(call("PATCH", "/api/people/1", user(), "{}"), 405);
		HttpResponse<String> xml = call("POST", "/api/people", user(), null, "Content-Type", "application/xml");
		assertProblem(xml, 415);
	}

	@Test
	void pagesHaveSpringDataShapeAndBoundedSize() {
		for (int i = 0; i < 3; i++) {
			create(user(), "Page", "Person" + i);
		}

		Map<String, Object> firstPage = json(call("GET", "/api/people?size=2&sort=lastName,desc", user(), null));
		assertThat(firstPage.get("content")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(2);
		assertThat(firstPage.get("page")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("size", 2L)
			.containsEntry("number", 0L)
			.containsKeys("totalElements", "totalPages");

		Map<String, Object> defaults = json(call("GET", "/api/people", user(), null));
		assertThat(defaults.get("page")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("size", 20L);
		Map<String, Object> capped = json(call("GET", "/api/people?size=1000", user(), null));
		assertThat(capped.get("page")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("size", 100L);
		Map<String, Object> negative = json(call("GET", "/api/people?page=-3", user(), null));
		assertThat(negative.get("page")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("number", 0L);
	}

	@Test
	void unknownSortPropertyIsBadRequest() {
		HttpResponse<String> response = call("GET", "/api/people?sort=passwordHash", user(), null);

		assertProblem(response, 400);
		assertThat(json(response).get("detail").toString()).contains("passwordHash");
	}

	static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
		assertThat(json(response)).containsEntry("status", (long) status);
	}

}
