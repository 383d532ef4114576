package dev.tokenservice.auth.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.tokenservice.web.ProblemExceptionHandler;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail, newest first, paged like {@code /api/admin/users} ({@code page}, {@code size}),
 * filtered by exact {@code action}, {@code actor} and {@code target} and by time ({@code since}
 * inclusive, {@code until} exclusive, ISO-8601 instants). {@code SecurityConfig} lets only role
 * {@code admin} in.
 */
@RestController
@RequestMapping("/api/admin/audit")
class AuditController {

	private static final int MAX_ID = 120;

	private final JdbcClient jdbc;

	AuditController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping
	PagedModel<AuditEntry> list(@RequestParam(required = false) String action,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String target,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			Pageable pageable) {
		if (action != null && !SecurityEvents.ACTIONS.contains(action)) {
			throw ProblemExceptionHandler.invalidField("action",
					"must be one of " + String.join(", ", new TreeSet<>(SecurityEvents.ACTIONS)));
		}
		checkLength("actor", actor);
		checkLength("target", target);
		Instant from = instant("since", since);
		Instant to = instant("until", until);
		if (from != null && to != null && !from.isBefore(to)) {
			throw ProblemExceptionHandler.invalidField("until", "must be later than since");
		}
		List<String> conditions = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		condition(conditions, params, "action = ?", action);
		condition(conditions, params, "actor = ?", actor);
		condition(conditions, params, "target = ?", target);
		condition(conditions, params, "at >= ?", (from != null) ? Timestamp.from(from) : null);
		condition(conditions, params, "at < ?", (to != null) ? Timestamp.from(to) : null);
		String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
		long total = this.jdbc.sql("select count(*) from audit_event" + where)
			.params(params)
			.query(Long.class)
			.single();
		// newest first, whatever sort the client asked for
		Pageable page = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize());
		List<Object> pageParams = new ArrayList<>(params);
		pageParams.add(page.getPageSize());
		pageParams.add(page.getOffset());
		List<AuditEntry> entries = this.jdbc
			.sql("select id, at, action, actor, target, outcome, address from audit_event" + where
					+ " order by at desc, id desc limit ? offset ?")
			.params(pageParams)
			.query((rs, row) -> new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
					rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
			.list();
		return new PagedModel<>(new PageImpl<>(entries, page, total));
	}

	private static void condition(List<String> conditions, List<Object> params, String condition, Object value) {
		if (value != null) {
			conditions.add(condition);
			params.add(value);
		}
	}

	private static void checkLength(String field, String value) {
		if (value != null && (value.isEmpty() || value.length() > MAX_ID)) {
			throw ProblemExceptionHandler.invalidField(field, "must be 1 to " + MAX_ID + " characters");
		}
	}

	private static Instant instant(String field, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw ProblemExceptionHandler.invalidField(field,
					"must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
		}
	}

}
