package dev.tokenservice.auth;

import java.util.List;
import java.util.Map;

import dev.tokenservice.testsupport.ApiDocsContract;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-party and admin APIs' OpenAPI document and Swagger UI, served without a token by the API
 * filter chain (SAS's and the browser pages' chains do not match them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:api-docs;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
class ApiDocsTests implements ApiDocsContract {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	@Override
	public TestHttp http() {
		return TestHttp.localhost(this.port);
	}

	@Override
	public RequestMappingHandlerMapping handlerMapping() {
		return this.handlerMapping;
	}

	@Test
	@SuppressWarnings("unchecked")
	void theRefreshCookieIsOneWayAndTheBodyTheOther() {
		Map<String, Object> spec = apiDocs();
		Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) spec.get("components"))
			.get("securitySchemes");
		assertThat(schemes.get("refresh_token")).isEqualTo(Map.of("type", "apiKey", "in", "cookie", "name",
				"refresh_token", "description", ((Map<String, Object>) schemes.get("refresh_token")).get("description")));
		assertThat(((Map<String, Object>) schemes.get("bearer"))).containsEntry("type", "http")
			.containsEntry("scheme", "bearer");
		Map<String, Object> refresh = operation(spec, "/api/auth/refresh", "post");
		assertThat((List<Object>) refresh.get("security")).containsExactlyInAnyOrder(Map.of("refresh_token", List.of()),
				Map.of());
		assertThat((Map<String, Object>) refresh.get("responses")).containsKeys("401", "403");
		assertThat((Map<String, Object>) operation(spec, "/api/auth/login", "post").get("responses"))
			.containsKeys("401", "403", "429")
			.doesNotContainKey("404");
		assertThat((Map<String, Object>) operation(spec, "/api/auth/signup", "post").get("responses"))
			.containsKeys("400", "409");
		assertThat((Map<String, Object>) operation(spec, "/api/admin/keys/rotate", "post").get("responses"))
			.containsKeys("401", "403", "409");
		assertThat((List<Object>) operation(spec, "/api/admin/users", "get").get("security"))
			.containsExactly(Map.of("bearer", List.of()));
	}

	@Test
	void neitherTheActuatorNorTheProtocolEndpointsAreListed() {
		assertThat(ApiDocsContract.documentedOperations(apiDocs()))
			.noneMatch((operation) -> operation.contains("/actuator") || operation.contains("/oauth2")
					|| operation.contains("/.well-known") || operation.contains(" /login") || operation.contains(" /error"))
			.allMatch((operation) -> operation.contains(" /api/"));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> operation(Map<String, Object> spec, String path, String method) {
		return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) spec.get("paths")).get(path))
			.get(method);
	}

}
