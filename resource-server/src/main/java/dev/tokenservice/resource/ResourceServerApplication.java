package dev.tokenservice.resource;

import dev.tokenservice.web.ExitOnTerm;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
// the OpenAPI document (/v3/api-docs, Swagger UI at /swagger-ui.html); problem responses: web-support's OpenApiProblems
@OpenAPIDefinition(info = @Info(title = "resource-server",
		description = "The people API. Every call takes an access token of the issuer; every error answer is a "
				+ "problem document (RFC 9457).",
		version = "1"))
public class ResourceServerApplication {

	public static void main(String[] args) {
		// a graceful stop on SIGTERM is a normal end: status 0, after Spring has shut down
		ExitOnTerm.install();
		SpringApplication.run(ResourceServerApplication.class, args);
	}

}
