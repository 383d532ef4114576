package dev.tokenservice.auth.config;

import java.util.List;

import dev.tokenservice.auth.login.RefreshCookies;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The OpenAPI document of the first-party and admin APIs ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}). The OAuth2/OIDC protocol endpoints are described by the discovery
 * document, not here. Problem responses: web-support's {@code OpenApiProblems}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "auth-server",
		description = "First-party API (sign-up, login, refresh, logout) and admin API (users, signing keys, audit trail). "
				+ "Every error answer is a problem document (RFC 9457). The OAuth2 and OpenID Connect endpoints "
				+ "are described by /.well-known/openid-configuration.",
		version = "1"))
class ApiDocumentation {

	/**
	 * The refresh cookie is one way to present the refresh token, the body the other: an operation that
	 * names the cookie may be called without it ({@code {}} among its security alternatives).
	 */
	@Bean
	OpenApiCustomizer refreshCookieOrBody() {
		return new RefreshCookieOrBody();
	}

	/** Before web-support's problem responses (the last customizer): they read the security alternatives. */
	static final class RefreshCookieOrBody implements OpenApiCustomizer, Ordered {

		@Override
		public void customise(OpenAPI api) {
			if (api.getPaths() == null) {
				return;
			}
			api.getPaths().values().forEach((item) -> item.readOperations().forEach((operation) -> {
				List<SecurityRequirement> security = operation.getSecurity();
				if (security != null && security.stream().anyMatch((s) -> s.containsKey(RefreshCookies.NAME))) {
					operation.addSecurityItem(new SecurityRequirement());
				}
			}));
		}

		@Override
		public int getOrder() {
			return 0;
		}

	}

}
