package dev.tokenservice.web;

import java.time.Duration;

import org.apache.catalina.core.StandardHost;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * Problem documents for every error: Spring MVC's and the features' own ({@link ProblemExceptionHandler}),
 * Spring Security's refusals, and errors Tomcat answers by itself before Spring sees the request. An
 * auto-configuration, so every servlet server that depends on this module gets it, and test slices
 * without a web layer do not.
 */
// before Boot's MVC configuration, whose own problem handler backs off when this one exists
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemWebConfig {

	/** Graceful shutdown that answers every accepted request (see {@link GracefulDrain}). */
	@Bean
	@ConditionalOnProperty(name = "server.shutdown", havingValue = "graceful", matchIfMissing = true)
	GracefulDrain gracefulDrain(
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration timeoutPerShutdownPhase) {
		return new GracefulDrain(timeoutPerShutdownPhase);
	}

	@Bean
	@ConditionalOnBean(GracefulDrain.class)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> gracefulDrainConnectors(GracefulDrain drain) {
		return (factory) -> factory.addConnectorCustomizers(drain::add);
	}

	@Bean
	ProblemResponses problemResponses(JsonMapper jsonMapper) {
		return new ProblemResponses(jsonMapper);
	}

	@Bean
	ProblemExceptionHandler problemExceptionHandler() {
		return new ProblemExceptionHandler();
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(JsonMapper jsonMapper) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				// naming our class keeps the host from adding its default HTML ErrorReportValve
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				host.getPipeline().addValve(new ProblemErrorReportValve(jsonMapper));
			}
		});
	}

}
