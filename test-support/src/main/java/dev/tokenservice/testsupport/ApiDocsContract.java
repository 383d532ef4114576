package dev.tokenservice.testsupport;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's OpenAPI document (springdoc) over real HTTP, without a token: it lists exactly the handler
 * methods of the server's own controllers (package {@code dev.tokenservice}, less those marked
 * {@code @Hidden}: the HTML pages and the error page), every error answer of every operation is a
 * problem document, and Swagger UI answers. New endpoints are covered without touching the test.
 */
public interface ApiDocsContract {

	String HIDDEN = "io.swagger.v3.oas.annotations.Hidden";

	List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

	TestHttp http();

	RequestMappingHandlerMapping handlerMapping();

	@Test
	default void theDocumentListsEveryOperationOfOurControllersAndNothingElse() {
		Set<String> handlers = handlerOperations(handlerMapping(), "dev.tokenservice");
		assertThat(handlers).isNotEmpty();
		assertThat(documentedOperations(apiDocs())).containsExactlyInAnyOrderElementsOf(handlers);
	}

	@Test
	@SuppressWarnings("unchecked")
	default void everyErrorAnswerIsAProblemDocument() {
		Map<String, Object> spec = apiDocs();
		Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) spec.get("components"))
			.get("schemas");
		assertThat(schemas).containsKey("ProblemDetail");
		forEachOperation(spec, (name, operation) -> {
			Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
			assertThat(responses).as(name).containsKeys("400", "503");
			boolean bearer = security(spec, operation).stream().allMatch((alternative) -> alternative.containsKey("bearer"))
					&& !security(spec, operation).isEmpty();
			if (bearer) {
				assertThat(responses).as(name).containsKeys("401", "403");
			}
			responses.forEach((code, value) -> {
				if (code.startsWith("4") || code.startsWith("5")) {
					Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) value).get("content");
					assertThat(content).as(name + " " + code).containsOnlyKeys("application/problem+json");
					assertThat(content.get("application/problem+json")).as(name + " " + code)
						.isEqualTo(Map.of("schema", Map.of("$ref", "#/components/schemas/ProblemDetail")));
				}
			});
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	default void pagesAreAskedForWithPageSizeAndSort() {
		forEachOperation(apiDocs(), (name, operation) -> {
			List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.getOrDefault("parameters",
					List.of());
			// Spring Data's Pageable is three query parameters, not one object parameter
			assertThat(parameters).as(name).noneMatch((parameter) -> "pageable".equals(parameter.get("name")));
		});
	}

	@Test
	default void swaggerUiAnswersWithoutAToken() {
		HttpResponse<String> page = http().get("/swagger-ui.html");
		assertThat(page.statusCode()).isEqualTo(302);
		String location = page.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> index = http().get(location.replaceFirst("^https?://[^/]+", ""));
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.body()).contains("swagger-ui");
		assertThat(http().get("/swagger-ui/swagger-ui.css").statusCode()).isEqualTo(200);
		assertThat(http().get("/swagger-ui/swagger-initializer.js").statusCode()).isEqualTo(200);
		assertThat(http().get("/v3/api-docs/swagger-config").statusCode()).isEqualTo(200);
		assertThat(http().get("/v3/api-docs.yaml").statusCode()).isEqualTo(200);
		// a stale token (Swagger UI's "Authorize", a client's default header) does not lock the documentation
		assertThat(http().get("/v3/api-docs", "Authorization", "Bearer not-a-token").statusCode()).isEqualTo(200);
		assertThat(http().get("/swagger-ui/index.html", "Authorization", "Bearer not-a-token").statusCode())
			.isEqualTo(200);
	}

	default Map<String, Object> apiDocs() {
		HttpResponse<String> response = http().get("/v3/api-docs");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> security(Map<String, Object> spec, Map<String, Object> operation) {
		Object security = operation.containsKey("security") ? operation.get("security") : spec.get("security");
		return (security != null) ? (List<Map<String, Object>>) security : List.of();
	}

	/** "GET /api/people/{id}" for each operation of the document. */
	static Set<String> documentedOperations(Map<String, Object> spec) {
		Set<String> operations = new TreeSet<>();
		forEachOperation(spec, (name, operation) -> operations.add(name));
		return operations;
	}

	@SuppressWarnings("unchecked")
	static void forEachOperation(Map<String, Object> spec,
			java.util.function.BiConsumer<String, Map<String, Object>> action) {
		Map<String, Object> paths = (Map<String, Object>) spec.getOrDefault("paths", Map.of());
		paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
			if (HTTP_METHODS.contains(method)) {
				action.accept(method.toUpperCase() + " " + path, (Map<String, Object>) operation);
			}
		}));
	}

	/** "GET /api/people/{id}" for each handler method of the controllers in {@code basePackage}. */
	static Set<String> handlerOperations(RequestMappingHandlerMapping mapping, String basePackage) {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
			HandlerMethod handler = entry.getValue();
			Class<?> type = handler.getBeanType();
			if (!type.getPackageName().startsWith(basePackage)
					|| MergedAnnotations.from(type).isPresent(HIDDEN)
					|| MergedAnnotations.from(handler.getMethod()).isPresent(HIDDEN)) {
				continue;
			}
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			assertThat(methods).as("HTTP methods of " + handler + ": name them, or mark it @Hidden").isNotEmpty();
			for (String pattern : info.getPatternValues()) {
				// {id:\d+} is {id} in OpenAPI
				String path = pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}");
				methods.forEach((method) -> operations.add(method.name() + " " + path));
			}
		}
		return operations;
	}

}
