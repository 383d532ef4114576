package dev.tokenservice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Settings as a server sees them: the given environment variables over the module's real
 * application.yml, in a source named like the real environment (relaxed binding treats it specially).
 */
public final class EnvironmentSettings {

	private EnvironmentSettings() {
	}

	public static Binder binder(Map<String, Object> variables) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				variables));
		try {
			new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
				.forEach(sources::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Binder(ConfigurationPropertySources.from(sources), null,
				ApplicationConversionService.getSharedInstance());
	}

	/**
	 * Starts {@code configuration} (no web server) as Spring Boot starts a server: its environment
	 * post-processors, listeners and config files, with {@code variables} as the only environment
	 * variables and {@code arguments} on the command line.
	 */
	public static ConfigurableApplicationContext start(Class<?> configuration, Map<String, Object> variables,
			String... arguments) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		return application.run(arguments);
	}

}
