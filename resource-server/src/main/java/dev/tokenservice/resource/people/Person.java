package dev.tokenservice.resource.people;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/** A person; {@code version} guards against lost updates and is the ETag. */
public record Person(@Id Long id, String firstName, String lastName, String email, Instant createdAt,
		Instant updatedAt, @Version Long version) {

	static Person create(PersonRequest request, Instant now) {
		return new Person(null, request.firstName(), request.lastName(), request.email(), now, now, null);
	}

	/** This person with the request's fields; saving it fails if the stored version moved on meanwhile. */
	Person updatedWith(PersonRequest request, Instant now) {
		return new Person(this.id, request.firstName(), request.lastName(), request.email(), this.createdAt, now,
				this.version);
	}

}
