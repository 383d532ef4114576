package dev.tokenservice.resource.people;

import java.util.List;
import java.util.Map;

import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.testsupport.ApiDocsContract;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/** The people API's OpenAPI document and Swagger UI, served without a token. */
class ApiDocsTests extends ApiTest implements ApiDocsContract {

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
	void everyOperationTakesABearerTokenAndNamesItsConflicts() {
		Map<String, Object> spec = apiDocs();
		Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
		assertThat(paths).containsOnlyKeys("/api/people", "/api/people/{id}");
		ApiDocsContract.forEachOperation(spec, (name, operation) -> assertThat(
				(List<Object>) operation.get("security")).as(name).containsExactly(Map.of("bearer", List.of())));
		Map<String, Object> update = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/people/{id}"))
			.get("put");
		assertThat((Map<String, Object>) update.get("responses")).containsKeys("400", "401", "403", "404", "409",
				"412");
		assertThat((List<Map<String, Object>>) update.get("parameters")).extracting((parameter) -> parameter.get("name"))
			.contains("id", "If-Match");
		Map<String, Object> list = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/people")).get("get");
		assertThat((List<Map<String, Object>>) list.get("parameters")).extracting((parameter) -> parameter.get("name"))
			.containsExactlyInAnyOrder("page", "size", "sort");
	}

}
