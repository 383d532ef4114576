package dev.tokenservice.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tokenservice.testsupport.PrometheusScrape;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/grafana/token-service.json} is a Grafana dashboard that reads what the servers export: it
 * parses as JSON, every query goes through the Prometheus datasource variable, and every metric name in
 * its PromQL (and in its variables' {@code label_values}) appears in a real scrape of the auth server's or
 * the resource server's {@code /actuator/prometheus} (the real jars, no token).
 */
class GrafanaDashboardTests {

	private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "token-service.json");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "bool", "offset", "and", "or", "unless");

	@TempDir
	static Path data;

	static ServerProcess authServer;

	static ServerProcess resourceServer;

	@BeforeAll
	static void startServers() {
		int authPort = ServerProcess.freePort();
		String issuer = "http://localhost:" + authPort;
		authServer = ServerProcess.start("auth-server", "authServerJar", authPort,
				Map.of("APP_ISSUER_URI", issuer, "APP_STORAGE_DATADIR", data.resolve("auth").toString()));
		resourceServer = ServerProcess.startResourceServer("resource-server", issuer, data.resolve("people"), Map.of());
	}

	@AfterAll
	static void stopServers() {
		ServerProcess.stopAll(resourceServer, authServer);
	}

	@Test
	void everyMetricTheDashboardReadsIsExportedByOneOfTheServers() throws Exception {
		Set<String> used = metricNames(dashboard());
		Set<String> exported = new TreeSet<>();
		exported.addAll(PrometheusScrape.of(TestHttp.to(authServer.url())).names());
		exported.addAll(PrometheusScrape.of(TestHttp.to(resourceServer.url())).names());

		assertThat(used).as("metric names found in the dashboard")
			.contains("auth_tokens_issued_total", "auth_keys_active_age_seconds", "auth_sessions_live",
					"resource_tokens_rejected_total", "resource_jwks_fetches_total", "resource_tokens_cache_total",
					"resource_issuer_reachable", "auth_logins_total", "auth_refreshes_total");
		Set<String> missing = new TreeSet<>(used);
		missing.removeAll(exported);
		assertThat(missing).as("metrics the dashboard reads that neither server exports").isEmpty();
	}

	@Test
	void everyQueryGoesThroughThePrometheusDatasourceVariable() throws Exception {
		Map<String, Object> dashboard = dashboard();
		List<Map<String, Object>> variables = list(map(dashboard, "templating"), "list");
		assertThat(variables).anySatisfy((variable) -> {
			assertThat(variable).containsEntry("name", "datasource").containsEntry("type", "datasource");
			assertThat(variable).containsEntry("query", "prometheus");
		});
		List<Map<String, Object>> queried = panels(dashboard).stream()
			.filter((panel) -> panel.containsKey("targets"))
			.toList();
		assertThat(queried).hasSizeGreaterThanOrEqualTo(9);
		for (Map<String, Object> panel : queried) {
			assertThat(map(panel, "datasource")).as(String.valueOf(panel.get("title")))
				.containsEntry("type", "prometheus")
				.containsEntry("uid", "${datasource}");
			assertThat(list(panel, "targets")).as(String.valueOf(panel.get("title")))
				.isNotEmpty()
				.allSatisfy((target) -> assertThat((String) target.get("expr")).isNotBlank());
		}
	}

	@Test
	void metricNamesAreReadFromPromQl() {
		assertThat(metricNames(
				"sum by (outcome) (rate(auth_logins_total{job=~\"$auth_job\",outcome!=\"x_y\"}[$__rate_interval]))"))
			.containsExactly("auth_logins_total");
		assertThat(metricNames("sum(rate(a_total{result=\"hit\"}[5m])) / sum without (instance) (rate(b_total[5m]))"))
			.containsExactly("a_total", "b_total");
		assertThat(metricNames("min by (instance) (up) or on (job) vector(0)")).containsExactly("up");
	}

	/** The metric names of every panel's queries and of the variables' {@code label_values(metric, label)}. */
	static Set<String> metricNames(Map<String, Object> dashboard) {
		Set<String> names = new TreeSet<>();
		for (Map<String, Object> panel : panels(dashboard)) {
			if (panel.containsKey("targets")) {
				for (Map<String, Object> target : list(panel, "targets")) {
					names.addAll(metricNames((String) target.get("expr")));
				}
			}
		}
		Pattern labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
		for (Map<String, Object> variable : list(map(dashboard, "templating"), "list")) {
			Object definition = variable.get("definition");
			if (definition instanceof String text) {
				Matcher matcher = labelValues.matcher(text);
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
		}
		return names;
	}

	/**
	 * The metric names of one PromQL expression: its identifiers once strings, label matchers, ranges,
	 * grouping clauses and variables are removed, except function calls and keywords.
	 */
	static Set<String> metricNames(String promQl) {
		String stripped = promQl.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\$\\{?\\w+\\}?", " ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(stripped);
		while (identifier.find()) {
			String name = identifier.group();
			boolean call = stripped.substring(identifier.end()).matches("(?s)^\\s*\\(.*");
			boolean inNumber = identifier.start() > 0 && Character.isDigit(stripped.charAt(identifier.start() - 1));
			if (!call && !inNumber && !KEYWORDS.contains(name)) {
				names.add(name);
			}
		}
		return names;
	}

	private static Map<String, Object> dashboard() throws IOException, ParseException {
		return JSONObjectUtils.parse(Files.readString(DASHBOARD));
	}

	/** Top-level panels and those inside rows. */
	private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
		List<Map<String, Object>> panels = new ArrayList<>();
		for (Map<String, Object> panel : list(dashboard, "panels")) {
			panels.add(panel);
			if (panel.containsKey("panels")) {
				panels.addAll(list(panel, "panels"));
			}
		}
		return panels;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return (Map<String, Object>) parent.get(key);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		return (List<Map<String, Object>>) parent.get(key);
	}

}
