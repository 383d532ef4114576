package dev.tokenservice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * One server's section of docs/settings.md next to the configuration metadata on the class path
 * ({@code META-INF/spring-configuration-metadata.json}, generated from the {@code @ConfigurationProperties}
 * records, web-support's {@code app.crypto.*} included). Each method lists what disagrees, empty when
 * nothing does.
 * <p>
 * The section's settings table has the columns {@code | Property | Environment variable | Default | Meaning |},
 * its renamed-settings table {@code | Old property | Old environment variable | New property |}; cells
 * name properties and variables in backticks. A list of records ({@code app.clients}) is documented per
 * component, {@code app.clients[i].client-id}, whose variable is {@code APP_CLIENTS_<i>_CLIENTID}.
 */
public final class DocumentedSettings {

	private static final String SETTINGS_HEADER = "| Property | Environment variable | Default | Meaning |";

	private static final String RENAMED_HEADER = "| Old property | Old environment variable | New property |";

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final Pattern LIST_TYPE = Pattern.compile("^java\\.util\\.(?:List|Set|Collection)<(.+)>$");

	private final List<MarkdownTable.Row> rows;

	private final List<MarkdownTable.Row> renamedRows;

	private final Map<String, Property> properties;

	private DocumentedSettings(List<MarkdownTable.Row> rows, List<MarkdownTable.Row> renamedRows, Map<String, Property> properties) {
		this.rows = rows;
		this.renamedRows = renamedRows;
		this.properties = properties;
	}

	/**
	 * The section under {@code ## <server>} of {@code markdown}, and the {@code app.*} properties of the
	 * metadata that {@code classLoader} sees.
	 */
	public static DocumentedSettings of(Path markdown, String server, ClassLoader classLoader) {
		List<String> section = MarkdownTable.section(MarkdownTable.read(markdown), "## " + server);
		if (section.isEmpty()) {
			throw new IllegalStateException("No section '## " + server + "' in " + markdown);
		}
		List<MarkdownTable.Row> rows = MarkdownTable.rows(section, SETTINGS_HEADER, 4);
		List<MarkdownTable.Row> renamed = MarkdownTable.rows(section, RENAMED_HEADER, 3);
		if (rows.isEmpty()) {
			throw new IllegalStateException("No table '" + SETTINGS_HEADER + "' under '## " + server + "'");
		}
		return new DocumentedSettings(rows, renamed, metadata(classLoader));
	}

	/** Every app.* setting of the metadata, lists of records by component: what the table must document. */
	public Map<String, Property> settings() {
		Map<String, Property> settings = new TreeMap<>();
		this.properties.values().stream().filter((property) -> !property.deprecated()).forEach((property) -> {
			List<String> components = recordComponents(property.type());
			if (components.isEmpty()) {
				settings.put(property.name(), property);
			}
			else {
				components.forEach((component) -> settings.put(property.name() + "[i]." + component,
						new Property(property.name() + "[i]." + component, null, null, false, null, null)));
			}
		});
		return settings;
	}

	/** Settings of the metadata with no row, or with more than one. */
	public List<String> notDocumentedExactlyOnce() {
		Map<String, Long> documented = this.rows.stream()
			.map((row) -> MarkdownTable.code(row.cells().get(0)))
			.filter(Objects::nonNull)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		List<String> problems = new ArrayList<>();
		settings().keySet().forEach((name) -> {
			long count = documented.getOrDefault(name, 0L);
			if (count != 1) {
				problems.add(name + " is documented " + count + " times");
			}
		});
		return problems;
	}

	/** Rows that name an app.* property the metadata lacks, or name none in backticks. */
	public List<String> unknownRows() {
		Map<String, Property> settings = settings();
		List<String> problems = new ArrayList<>();
		for (MarkdownTable.Row row : this.rows) {
			String property = MarkdownTable.code(row.cells().get(0));
			if (property == null) {
				problems.add(row + ": no property in backticks");
			}
			else if (property.startsWith("app.") && !settings.containsKey(property)) {
				problems.add(row + ": " + property + " is not in the configuration metadata");
			}
		}
		return problems;
	}

	/** Rows whose variable is not the canonical relaxed form of their property, or does not bind to it. */
	public List<String> wrongVariables() {
		List<String> problems = new ArrayList<>();
		for (MarkdownTable.Row row : this.rows) {
			String property = MarkdownTable.code(row.cells().get(0));
			String variable = MarkdownTable.code(row.cells().get(1));
			if (property == null) {
				continue;
			}
			String expected = canonicalVariable(property);
			if (!expected.equals(variable)) {
				problems.add(row + ": the variable of " + property + " is `" + expected + "`");
			}
			else if (!binds(variable.replace("<i>", "0"), property.replace("[i]", "[0]"))) {
				problems.add(row + ": Spring does not bind " + variable + " to " + property);
			}
		}
		return problems;
	}

	/** Rows whose default differs from the metadata's default, where the metadata has one. */
	public List<String> wrongDefaults() {
		Map<String, Property> settings = settings();
		List<String> problems = new ArrayList<>();
		for (MarkdownTable.Row row : this.rows) {
			Property property = settings.get(MarkdownTable.code(row.cells().get(0)));
			if (property == null || property.defaultValue() == null) {
				continue;
			}
			String expected = documentedDefault(property);
			if (!expected.equals(row.cells().get(2))) {
				problems.add(row + ": the default of " + property.name() + " is " + expected);
			}
		}
		return problems;
	}

	/**
	 * Deprecated app.* properties of the metadata not listed exactly once in the renamed-settings table
	 * with their replacement, and rows of that table the metadata does not deprecate or whose old
	 * variable does not bind to the old property.
	 */
	public List<String> wrongRenamedSettings() {
		List<String> problems = new ArrayList<>();
		Map<String, List<MarkdownTable.Row>> listed = this.renamedRows.stream()
			.filter((row) -> MarkdownTable.code(row.cells().get(0)) != null)
			.collect(Collectors.groupingBy((row) -> MarkdownTable.code(row.cells().get(0)), LinkedHashMap::new,
					Collectors.toList()));
		this.properties.values().stream().filter(Property::deprecated).forEach((property) -> {
			List<MarkdownTable.Row> rows = listed.getOrDefault(property.name(), List.of());
			if (rows.size() != 1) {
				problems.add(
						property.name() + " (deprecated) is listed " + rows.size() + " times under renamed settings");
				return;
			}
			String replacement = MarkdownTable.code(rows.get(0).cells().get(2));
			if (!Objects.equals(replacement, property.replacement())) {
				problems.add(rows.get(0) + ": " + property.name() + " was renamed "
						+ ((property.replacement() != null) ? property.replacement() : "nothing (removed)"));
			}
		});
		for (MarkdownTable.Row row : this.renamedRows) {
			String old = MarkdownTable.code(row.cells().get(0));
			String variable = MarkdownTable.code(row.cells().get(1));
			Property property = this.properties.get(old);
			if (property == null || !property.deprecated()) {
				problems.add(row + ": " + old + " is not a deprecated setting of the metadata");
			}
			else if (variable == null || !binds(variable, old)) {
				problems.add(row + ": Spring does not bind " + variable + " to " + old);
			}
		}
		return problems;
	}

	/** The canonical environment variable of {@code property}: upper case, dots to underscores, no dashes. */
	public static String canonicalVariable(String property) {
		return property.replace("[i]", ".<i>").replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT)
			.replace("<I>", "<i>");
	}

	/** Whether Spring's relaxed binding reads {@code property} from an environment variable {@code variable}. */
	public static boolean binds(String variable, String property) {
		ConfigurationPropertySource environment = ConfigurationPropertySource
			.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of(variable, "value")));
		return environment != null
				&& environment.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null;
	}

	private static String documentedDefault(Property property) {
		Object value = property.defaultValue();
		if (value instanceof String text && LIST_TYPE.matcher(property.type()).matches() && text.startsWith("[")
				&& text.endsWith("]")) {
			// Boot 4.1.1's processor writes a list default of several values (@DefaultValue({ "a", "b" }))
			// as the string "[a, b]" rather than as a JSON array
			value = List.of(text.substring(1, text.length() - 1).split(", "));
		}
		String text = (value instanceof List<?> list)
				? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(value);
		return text.isEmpty() ? "empty" : "`" + text + "`";
	}

	private static List<String> recordComponents(String type) {
		Matcher list = LIST_TYPE.matcher((type != null) ? type : "");
		if (!list.matches()) {
			return List.of();
		}
		try {
			Class<?> element = Class.forName(list.group(1), false, DocumentedSettings.class.getClassLoader());
			if (!element.isRecord()) {
				return List.of();
			}
			List<String> components = new ArrayList<>();
			for (var component : element.getRecordComponents()) {
				components.add(DataObjectPropertyName.toDashedForm(component.getName()));
			}
			return components;
		}
		catch (ClassNotFoundException ex) {
			return List.of();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Property> metadata(ClassLoader classLoader) {
		Map<String, Property> properties = new TreeMap<>();
		try {
			for (URL url : Collections.list((Enumeration<URL>) classLoader.getResources(METADATA))) {
				String json;
				try (InputStream in = url.openStream()) {
					json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				Object list = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
				for (Object item : (list instanceof List<?> l) ? l : List.of()) {
					Map<String, Object> property = (Map<String, Object>) item;
					String name = (String) property.get("name");
					if (!name.startsWith("app.")) {
						continue;
					}
					Map<String, Object> deprecation = (Map<String, Object>) property.get("deprecation");
					properties.put(name,
							new Property(name, (String) property.get("type"), property.get("defaultValue"),
									deprecation != null || Boolean.TRUE.equals(property.get("deprecated")),
									(deprecation != null) ? (String) deprecation.get("replacement") : null,
									url.toString()));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (properties.isEmpty()) {
			throw new IllegalStateException("No app.* property in any " + METADATA + " on the class path");
		}
		return properties;
	}

	/** One setting as the metadata describes it. */
	public record Property(String name, String type, Object defaultValue, boolean deprecated, String replacement,
			String source) {

	}

	@Override
	public String toString() {
		return new TreeSet<>(this.properties.keySet()).toString();
	}

}
