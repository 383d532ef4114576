package dev.tokenservice.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What both servers' OpenAPI documents (springdoc, {@code /v3/api-docs}) say alike: every error answer
 * is a problem document ({@code application/problem+json}, schema {@value #PROBLEM_DETAIL}), and each
 * operation lists the refusals any request to it can meet, besides the ones its own annotations name:
 * 400 always; 401 and 403 when it takes a Bearer token ({@value #BEARER}); 404 when its path names
 * something; 413 and 415 when it takes a body; 503 (database out of reach, with {@code Retry-After})
 * always. The servers' own annotations add the rest (409, 412, 429 …).
 */
@AutoConfiguration
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OpenApiProblems {

	/** The security scheme of Bearer access tokens (JWT), for {@code @SecurityRequirement(name = BEARER)}. */
	public static final String BEARER = "bearer";

	/** The schema every 4xx and 5xx answer refers to. */
	public static final String PROBLEM_DETAIL = "ProblemDetail";

	public static final String PROBLEM_JSON = "application/problem+json";

	/**
	 * springdoc's default paths (the document, the Swagger UI page, its assets and configuration): readable
	 * without a token in both servers' security configurations.
	 */
	public static final String[] PUBLIC_PATHS = { "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
			"/swagger-ui/**" };

	/**
	 * The {@link #PUBLIC_PATHS}, GET only: for {@code permitAll()}, and for a Bearer token resolver that
	 * ignores a token there (a stale header must not turn reading the documentation into a 401).
	 */
	public static RequestMatcher publicPaths() {
		return new OrRequestMatcher(Arrays.stream(PUBLIC_PATHS)
			.map((path) -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(HttpMethod.GET, path))
			.toList());
	}

	@Bean
	GlobalOpenApiCustomizer problemResponsesOpenApiCustomizer() {
		return new ProblemResponses();
	}

	/** Last of the customizers (springdoc orders them): it sees the security the others settled. */
	static final class ProblemResponses implements GlobalOpenApiCustomizer, Ordered {

		@Override
		public void customise(OpenAPI api) {
			describeProblems(api);
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	static void describeProblems(OpenAPI api) {
		if (api.getComponents() == null) {
			api.setComponents(new Components());
		}
		api.getComponents().addSchemas(PROBLEM_DETAIL, problemDetailSchema());
		if (api.getComponents().getSecuritySchemes() == null
				|| !api.getComponents().getSecuritySchemes().containsKey(BEARER)) {
			api.getComponents()
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("An access token of the issuer (RS256, typ at+jwt)"));
		}
		if (api.getPaths() == null) {
			return;
		}
		api.getPaths().forEach((path, item) -> item.readOperations().forEach((operation) -> {
			describeProblems(operation, takesBearer(operation, api));
		}));
	}

	private static void describeProblems(Operation operation, boolean takesBearer) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		ApiResponses responses = operation.getResponses();
		addIfAbsent(responses, "400", "The request is malformed or its input invalid (`errors` lists the fields)");
		if (takesBearer) {
			addIfAbsent(responses, "401", "No valid access token (`WWW-Authenticate` says why)");
			addIfAbsent(responses, "403", "The token lacks the scope or role this operation needs");
		}
		boolean namesSomething = operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch((parameter) -> "path".equals(parameter.getIn()));
		if (namesSomething) {
			addIfAbsent(responses, "404", "Nothing with this identifier");
		}
		if (operation.getRequestBody() != null) {
			addIfAbsent(responses, "413", "The body is larger than the server accepts");
			addIfAbsent(responses, "415", "The body's content type is not one this operation reads");
		}
		if (!responses.containsKey("503")) {
			responses.addApiResponse("503", new ApiResponse()
				.description("The database is out of reach for now: retry after `Retry-After` seconds")
				.addHeaderObject("Retry-After", new Header().schema(new IntegerSchema())
					.description("Seconds to wait before retrying")));
		}
		responses.forEach((code, response) -> {
			if (code.startsWith("4") || code.startsWith("5")) {
				response.setContent(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_DETAIL))));
			}
		});
	}

	private static void addIfAbsent(ApiResponses responses, String code, String description) {
		if (!responses.containsKey(code)) {
			responses.addApiResponse(code, new ApiResponse().description(description));
		}
	}

	private static boolean takesBearer(Operation operation, OpenAPI api) {
		List<SecurityRequirement> security = Objects.requireNonNullElse(operation.getSecurity(),
				Objects.requireNonNullElse(api.getSecurity(), List.of()));
		// an empty alternative ({}) makes the token optional: then no 401 or 403 for the want of one
		return security.stream().noneMatch(Map::isEmpty)
				&& security.stream().map(Map::keySet).anyMatch((schemes) -> schemes.contains(BEARER));
	}

	/** RFC 9457's members, as Spring's {@code ProblemDetail} writes them; extensions such as {@code errors} may follow. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemDetailSchema() {
		Schema errors = new ObjectSchema().addProperty("field", new StringSchema())
			.addProperty("message", new StringSchema());
		Schema<?> schema = new ObjectSchema()
			.description("A problem document (RFC 9457). Further members may follow, such as `errors` "
					+ "(one entry per invalid field)")
			.addProperty("type", new StringSchema().format("uri").example("about:blank"))
			.addProperty("title", new StringSchema().example("Bad Request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri-reference"))
			.addProperty("errors", new ArraySchema().items(errors));
		schema.setAdditionalProperties(Boolean.TRUE);
		return schema;
	}

}
