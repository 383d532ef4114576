package dev.tokenservice.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The real PostgreSQL server the tests run against: {@code TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code TEST_POSTGRES_USER} (default
 * {@code postgres}) and {@code TEST_POSTGRES_PASSWORD} (default empty). Each test suite works in
 * a schema of its own, dropped and created anew, so runs and modules never see each other's rows.
 */
public final class PostgresTestDatabase {

	private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

	private PostgresTestDatabase() {
	}

	public static String url() {
		return setting("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
	}

	public static String user() {
		return setting("TEST_POSTGRES_USER", "postgres");
	}

	public static String password() {
		return setting("TEST_POSTGRES_PASSWORD", "");
	}

	/** Drops and creates {@code schema}; returns a JDBC URL whose default schema it is. */
	public static String freshSchema(String schema) {
		if (!SCHEMA_NAME.matcher(schema).matches()) {
			throw new IllegalArgumentException("Not a plain schema name: " + schema);
		}
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			// identifiers cannot be bound as parameters; the name is checked against SCHEMA_NAME above
			statement.execute("drop schema if exists " + schema + " cascade");
			statement.execute("create schema " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot prepare schema " + schema + " at " + url(), ex);
		}
		return withSchema(schema);
	}

	/**
	 * Spring's datasource settings for a fresh {@code schema}, for a test's
	 * {@code @DynamicPropertySource}: {@code springDataSource("x").forEach((k, v) -> registry.add(k, () -> v))}.
	 */
	public static Map<String, String> springDataSource(String schema) {
		return Map.of("spring.datasource.url", freshSchema(schema), "spring.datasource.username", user(),
				"spring.datasource.password", password());
	}

	/** A JDBC URL for an existing schema, without touching it (for a second node on the same data). */
	public static String withSchema(String schema) {
		String url = url();
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	static Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user());
		properties.setProperty("password", password());
		properties.setProperty("connectTimeout", "3");
		properties.setProperty("loginTimeout", "3");
		return DriverManager.getConnection(url(), properties);
	}

	private static String setting(String name, String fallback) {
		String value = System.getProperty(name, System.getenv(name));
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
