package dev.tokenservice.web;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The limits on what a request may bring ({@link HttpLimitsProperties}): {@link RequestLimitsFilter} ahead
 * of everything, Tomcat's form size capped, Jackson's read constraints and {@link TextRules} on both
 * servers' {@link JsonMapper}. docs/security.md lists them.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpLimitsProperties.class)
public class RequestLimitsConfig {

	@Bean
	FilterRegistrationBean<RequestLimitsFilter> requestLimitsFilter(HttpLimitsProperties limits,
			JsonMapper jsonMapper) {
		FilterRegistrationBean<RequestLimitsFilter> registration = new FilterRegistrationBean<>(
				new RequestLimitsFilter(limits.maxBodyBytes(), new ProblemResponses(jsonMapper)));
		registration.setOrder(RequestLimitsFilter.ORDER);
		return registration;
	}

	/** Forms are parsed by Tomcat from its own buffer, past the filter's stream: its limit is capped. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> maxFormSize(HttpLimitsProperties limits) {
		return new MaxFormSize(limits.maxBodyBytes());
	}

	/**
	 * Replaces the constraints Boot sets from {@code spring.jackson.json.factory.constraints.read.*}
	 * (it runs first, order 0): the body limit decides.
	 */
	@Bean
	JsonFactoryBuilderCustomizer readConstraints(HttpLimitsProperties limits) {
		return new JsonReadConstraints(limits.maxBodyBytes());
	}

	@Bean
	JacksonModule textRulesModule() {
		return TextRules.module();
	}

	record MaxFormSize(int limit) implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addConnectorCustomizers((connector) -> {
				int current = connector.getMaxPostSize();
				if (current < 0 || current > this.limit) {
					connector.setMaxPostSize(this.limit);
				}
			});
		}

		@Override
		public int getOrder() {
			// after Boot's customizer, whose connector customizer sets server.tomcat.max-http-form-post-size
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	record JsonReadConstraints(int limit) implements JsonFactoryBuilderCustomizer, Ordered {

		@Override
		public void customize(tools.jackson.core.json.JsonFactoryBuilder builder) {
			builder.streamReadConstraints(StreamReadConstraints.builder()
				.maxDocumentLength(this.limit)
				.maxStringLength(Math.min(this.limit, StreamReadConstraints.DEFAULT_MAX_STRING_LEN))
				.maxNestingDepth(HttpLimitsProperties.MAX_NESTING_DEPTH)
				.build());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
