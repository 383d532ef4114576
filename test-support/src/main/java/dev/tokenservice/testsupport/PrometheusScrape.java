package dev.tokenservice.testsupport;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} in the Prometheus text format, read as a list of samples:
 * a metric name, its labels and a value. Enough for tests to read a counter or a gauge; not a full parser
 * (no escapes inside label values, which our metrics never have).
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern
		.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\S+)?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	/** Scrapes {@code /actuator/prometheus} of the server {@code http} talks to (no token). */
	public static PrometheusScrape of(TestHttp http) {
		HttpResponse<String> response = http.get("/actuator/prometheus");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Scrape answered " + response.statusCode() + ": " + response.body());
		}
		return parse(response.body());
	}

	public static PrometheusScrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			String trimmed = line.trim();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(trimmed);
			if (!sample.matches()) {
				throw new IllegalArgumentException("Not a sample: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
		}
		return new PrometheusScrape(samples);
	}

	/** Every metric name of the scrape (for counters: with {@code _total}). */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

	/**
	 * The sum of the samples of {@code name} whose labels include {@code labels} (name, value, name,
	 * value ...); 0 when there is none.
	 */
	public double value(String name, String... labels) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name) && sample.has(labels))
			.mapToDouble(Sample::value)
			.sum();
	}

	/** Whether a sample of {@code name} with these labels exists (even at 0). */
	public boolean has(String name, String... labels) {
		return this.samples.stream().anyMatch((sample) -> sample.name().equals(name) && sample.has(labels));
	}

	/** The samples of {@code name}. */
	public List<Sample> samples(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/** One line of the scrape. */
	public record Sample(String name, Map<String, String> labels, double value) {

		boolean has(String... pairs) {
			for (int i = 0; i + 1 < pairs.length; i += 2) {
				if (!pairs[i + 1].equals(this.labels.get(pairs[i]))) {
					return false;
				}
			}
			return true;
		}

	}

}
