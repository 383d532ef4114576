package dev.tokenservice.auth.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.TreeSet;

import dev.tokenservice.auth.audit.AuditEventSearch.AuditFilter;
import dev.tokenservice.web.OpenApiProblems;
import dev.tokenservice.web.ProblemExceptionHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
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
@Tag(name = "admin: audit", description = "The audit trail (role admin); never a password, token or key")
@SecurityRequirement(name = OpenApiProblems.BEARER)
class AuditController {

	private static final int MAX_ID = 120;

	private final AuditEventRepository events;

	AuditController(AuditEventRepository events) {
		this.events = events;
	}

	@Operation(summary = "The audit trail, newest first, a page at a time; filters combine with and",
			description = "action: one of the recorded actions; actor, target: exact, e.g. user:<id>, key:<kid>; "
					+ "since (inclusive), until (exclusive): ISO-8601 instants")
	@GetMapping
	PagedModel<AuditEntry> list(@RequestParam(required = false) String action,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String target,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@ParameterObject Pageable pageable) {
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
		Page<AuditEvent> found = this.events.search(new AuditFilter(action, actor, target, from, to), pageable);
		return new PagedModel<>(found.map(AuditEvent::toEntry));
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
