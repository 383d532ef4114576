package dev.tokenservice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pipe tables of a Markdown document, by section: what {@link DocumentedSettings} compares. */
final class MarkdownTable {

	private static final Pattern CODE = Pattern.compile("^`([^`]+)`$");

	private MarkdownTable() {
	}

	/** The text of a cell that is one code span ({@code `app.keys.kek`}), else {@code null}. */
	static String code(String cell) {
		Matcher matcher = CODE.matcher(cell);
		return matcher.matches() ? matcher.group(1) : null;
	}

	static List<String> read(Path markdown) {
		try {
			return Files.readAllLines(markdown, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The lines from {@code heading} up to the next heading of the same level. */
	static List<String> section(List<String> lines, String heading) {
		int start = lines.indexOf(heading);
		if (start < 0) {
			return List.of();
		}
		int end = start + 1;
		while (end < lines.size() && !lines.get(end).startsWith("## ")) {
			end++;
		}
		return lines.subList(start, end);
	}

	/** The rows of the table whose header line is {@code header}, each with {@code columns} cells. */
	static List<Row> rows(List<String> lines, String header, int columns) {
		int start = lines.indexOf(header);
		if (start < 0) {
			return List.of();
		}
		List<Row> rows = new ArrayList<>();
		for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			String line = lines.get(i);
			List<String> cells = new ArrayList<>();
			for (String cell : line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("(?<!\\\\)\\|")) {
				cells.add(cell.trim());
			}
			if (cells.size() != columns) {
				throw new IllegalStateException("Not " + columns + " cells: " + line);
			}
			rows.add(new Row(line, cells));
		}
		return rows;
	}

	/** One row of a table, its cells trimmed. */
	record Row(String line, List<String> cells) {

		@Override
		public String toString() {
			return this.line;
		}

	}

}
