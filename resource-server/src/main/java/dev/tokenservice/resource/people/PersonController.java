package dev.tokenservice.resource.people;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import dev.tokenservice.web.OpenApiProblems;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The people API. Who may call what is decided in {@code SecurityConfig}. */
@RestController
@RequestMapping("/api/people")
@Tag(name = "people", description = "Read with scope people:read, write with people:write, delete with role admin")
@SecurityRequirement(name = OpenApiProblems.BEARER)
class PersonController {

	private static final Set<String> SORTABLE = Set.of("id", "firstName", "lastName", "email", "createdAt",
			"updatedAt");

	private final PersonRepository people;

	private final Clock clock;

	PersonController(PersonRepository people, Clock clock) {
		this.people = people;
		this.clock = clock;
	}

	@Operation(summary = "List people, a page at a time (scope people:read)")
	@ApiResponse(responseCode = "400", description = "A sort property that is not sortable, or `ignorecase`")
	@GetMapping
	PagedModel<Person> list(@ParameterObject Pageable pageable) {
		for (Sort.Order order : pageable.getSort()) {
			if (!SORTABLE.contains(order.getProperty())) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"Cannot sort by '" + order.getProperty() + "'; sortable: " + String.join(", ", SORTABLE));
			}
			if (order.isIgnoreCase()) {
				// sort=lastName,asc,ignorecase: Spring Data JDBC's queries cannot ignore case (it throws)
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"Cannot sort ignoring case ('ignorecase'); sort by property and asc or desc only");
			}
		}
		return new PagedModel<>(this.people.findAll(pageable));
	}

	@Operation(summary = "One person, with its version as ETag (scope people:read)")
	@GetMapping("/{id}")
	ResponseEntity<Person> get(@PathVariable long id) {
		Person person = find(id);
		return ResponseEntity.ok().eTag(etag(person)).body(person);
	}

	@Operation(summary = "Create a person (scope people:write)")
	@ApiResponse(responseCode = "201", description = "Created; `Location` and `ETag` name it")
	@PostMapping
	ResponseEntity<Person> create(@Valid @RequestBody PersonRequest request) {
		Person saved = this.people.save(Person.create(request, this.clock.instant()));
		URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(saved.id());
		return ResponseEntity.created(location).eTag(etag(saved)).body(saved);
	}

	/**
	 * With {@code If-Match} the update applies only if a listed ETag is the current version (or {@code *});
	 * otherwise 412. Either way the version goes into the UPDATE's WHERE clause, so a write that slips in
	 * between the read and the update still fails: 412 if the client asked for a version, else 409.
	 */
	@Operation(summary = "Replace a person (scope people:write); `If-Match` makes it conditional")
	@ApiResponse(responseCode = "200", description = "The person as saved, with its new ETag")
	@ApiResponse(responseCode = "409", description = "Changed concurrently and no `If-Match` was given: read it again")
	@ApiResponse(responseCode = "412", description = "`If-Match` names a version that is no longer current")
	@Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_MATCH, required = false,
			description = "The ETag of the version read: the update applies only to that version (else 412)",
			schema = @Schema(type = "string"))
	@PutMapping("/{id}")
	ResponseEntity<Person> update(@PathVariable long id, @Valid @RequestBody PersonRequest request,
			@RequestHeader HttpHeaders headers) {
		Person current = find(id);
		List<ETag> ifMatch = ETag.parse(String.join(",", headers.getOrEmpty(HttpHeaders.IF_MATCH)));
		if (!ifMatch.isEmpty() && ifMatch.stream().noneMatch((tag) -> matches(tag, current))) {
			throw new ResponseStatusException(HttpStatus.PRECONDITION_FAILED,
					"The person has changed; its current version is " + current.version());
		}
		try {
			Person saved = this.people.save(current.updatedWith(request, this.clock.instant()));
			return ResponseEntity.ok().eTag(etag(saved)).body(saved);
		}
		catch (OptimisticLockingFailureException ex) {
			throw new ResponseStatusException(ifMatch.isEmpty() ? HttpStatus.CONFLICT : HttpStatus.PRECONDITION_FAILED,
					"The person was changed concurrently; read it again");
		}
	}

	@Operation(summary = "Delete a person (role admin)")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "Only an admin deletes")
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		if (!this.people.existsById(id)) {
			throw notFound(id);
		}
		this.people.deleteById(id);
		return ResponseEntity.noContent().build();
	}

	private Person find(long id) {
		return this.people.findById(id).orElseThrow(() -> notFound(id));
	}

	private static ResponseStatusException notFound(long id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No person with id " + id);
	}

	private static String etag(Person person) {
		return "\"" + person.version() + "\"";
	}

	/** RFC 9110 13.1.1: If-Match compares strongly, so a weak tag never matches. */
	private static boolean matches(ETag tag, Person person) {
		return tag.isWildcard() || tag.compare(ETag.create(etag(person)), true);
	}

}
