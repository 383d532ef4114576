package dev.tokenservice.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.StreamUtils;

/**
 * Old names of renamed settings keep working for now, each with one warning naming its replacement.
 * <p>
 * Driven by the configuration metadata: every {@code app.*} property that
 * {@code META-INF/spring-configuration-metadata.json} marks deprecated (written in the module's
 * {@code additional-spring-configuration-metadata.json}) with a {@code replacement} is a rename. A value
 * given under the old name, in any form Spring's relaxed binding accepts (property, command-line
 * argument, environment variable such as {@code APP_ISSUER}), is copied to the new name in a property
 * source of its own, placed first. The new name wins when it is set in the same place as the old one or
 * in a place of higher precedence; the old value then is ignored, with a warning saying so. A deprecated
 * property without a replacement is only reported. This does what spring-boot-properties-migrator does,
 * except that the migrator lets the old name win over the new one set in the same place, reports an
 * environment variable that is both an old and a new name (such as {@code APP_ISSUER_URI} for
 * {@code app.issuer-uri} and {@code app.issuer.uri}) as deprecated, and reads all of Boot's metadata.
 */
public class RenamedSettings implements EnvironmentPostProcessor, Ordered {

	/** The property source holding the old names' values under their new names. */
	public static final String PROPERTY_SOURCE_NAME = "renamedSettings";

	private static final String METADATA = "classpath*:META-INF/spring-configuration-metadata.json";

	private static final String PREFIX = "app.";

	private final Log logger;

	public RenamedSettings(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(RenamedSettings.class);
	}

	@Override
	public int getOrder() {
		// after every source, application.yml included, is in the environment
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<Rename> renames = renames(application.getClassLoader());
		if (renames.isEmpty()) {
			return;
		}
		Map<String, Object> renamed = new LinkedHashMap<>();
		for (Rename rename : renames) {
			apply(rename, environment, renamed);
		}
		if (!renamed.isEmpty()) {
			environment.getPropertySources()
				.addFirst(new OriginTrackedMapPropertySource(PROPERTY_SOURCE_NAME, renamed));
			// keep Boot's attached relaxed-name view in front of every source
			ConfigurationPropertySources.attach(environment);
		}
	}

	private void apply(Rename rename, ConfigurableEnvironment environment, Map<String, Object> renamed) {
		boolean newNameSeen = false;
		boolean reported = false;
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty current = (rename.newName() != null)
					? source.getConfigurationProperty(rename.newName()) : null;
			ConfigurationProperty old = source.getConfigurationProperty(rename.oldName());
			if (old != null && current != null && sameKey(old, current)) {
				// one key that is both names (APP_ISSUER_URI): the new name
				old = null;
			}
			if (old != null && !reported) {
				reported = true;
				String given = "Setting " + key(old, rename.oldName()) + " in '" + sourceName(source) + "'";
				if (rename.newName() == null) {
					this.logger.warn(given + " is no longer used" + reason(rename) + ".");
				}
				else if (newNameSeen || current != null) {
					this.logger.warn(given + " is ignored: it was renamed " + rename.newName() + " ("
							+ environmentVariable(rename.newName()) + "), which is set.");
				}
				else {
					renamed.put(rename.newName().toString(), OriginTrackedValue.of(old.getValue(), old.getOrigin()));
					this.logger.warn(given + " is deprecated: it was renamed " + rename.newName() + " ("
							+ environmentVariable(rename.newName()) + "). The old name still works for now.");
				}
			}
			newNameSeen |= current != null;
		}
	}

	private static boolean sameKey(ConfigurationProperty old, ConfigurationProperty current) {
		Origin oldOrigin = old.getOrigin();
		Origin currentOrigin = current.getOrigin();
		if (oldOrigin instanceof PropertySourceOrigin oldKey && currentOrigin instanceof PropertySourceOrigin newKey) {
			return oldKey.getPropertySource() == newKey.getPropertySource()
					&& oldKey.getPropertyName().equals(newKey.getPropertyName());
		}
		return oldOrigin != null && Objects.equals(oldOrigin, currentOrigin);
	}

	private static String key(ConfigurationProperty property, ConfigurationPropertyName name) {
		if (property.getOrigin() instanceof PropertySourceOrigin origin
				&& !origin.getPropertyName().equals(name.toString())) {
			return origin.getPropertyName() + " (" + name + ")";
		}
		return name.toString();
	}

	private static String sourceName(ConfigurationPropertySource source) {
		return (source.getUnderlyingSource() instanceof PropertySource<?> propertySource) ? propertySource.getName()
				: String.valueOf(source.getUnderlyingSource());
	}

	private static String reason(Rename rename) {
		return (rename.reason() != null) ? ": " + rename.reason() : "";
	}

	/** The environment variable Spring's relaxed binding maps to {@code name}. */
	static String environmentVariable(ConfigurationPropertyName name) {
		return name.toString().replace("-", "").replace('.', '_').replace("[", "_").replace("]", "_")
			.replace("__", "_").toUpperCase(Locale.ROOT);
	}

	/** The renames the metadata on the class path declares for {@code app.*} properties. */
	static List<Rename> renames(ClassLoader classLoader) {
		List<Rename> renames = new ArrayList<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver(classLoader).getResources(METADATA)) {
				String json;
				try (InputStream in = resource.getInputStream()) {
					json = StreamUtils.copyToString(in, StandardCharsets.UTF_8);
				}
				// Boot's own modules ship metadata too: only ours names app.* settings
				if (json.contains("\"" + PREFIX)) {
					renames.addAll(renames(json));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + METADATA, ex);
		}
		return renames;
	}

	@SuppressWarnings("unchecked")
	private static List<Rename> renames(String json) {
		List<Rename> renames = new ArrayList<>();
		Object properties = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
		if (!(properties instanceof List<?> list)) {
			return renames;
		}
		for (Object item : list) {
			Map<String, Object> property = (Map<String, Object>) item;
			String name = (String) property.get("name");
			if (name == null || !name.startsWith(PREFIX)
					|| !(property.get("deprecation") instanceof Map<?, ?> deprecation)) {
				continue;
			}
			String replacement = (String) deprecation.get("replacement");
			renames.add(new Rename(ConfigurationPropertyName.of(name),
					(replacement != null) ? ConfigurationPropertyName.of(replacement) : null,
					(String) deprecation.get("reason")));
		}
		return renames;
	}

	/** One deprecated setting: its replacement, if any, and why. */
	record Rename(ConfigurationPropertyName oldName, ConfigurationPropertyName newName, String reason) {
	}

}
