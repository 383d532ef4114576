package dev.tokenservice.resource.people;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The repository on the Flyway schema: identity ids, versions, timestamps, paging. Run on H2 and PostgreSQL. */
abstract class PersonRepositoryContract {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	@Autowired
	PersonRepository people;

	@Test
	void saveAssignsIdAndFirstVersionAndKeepsTimestamps() {
		Person saved = this.people.save(Person.create(new PersonRequest("Ada", "Lovelace", "ada@example.com"), NOW));

		assertThat(saved.id()).isNotNull();
		assertThat(saved.version()).isZero();
		assertThat(this.people.findById(saved.id())).hasValueSatisfying((found) -> {
			assertThat(found.createdAt()).isEqualTo(NOW);
			assertThat(found.email()).isEqualTo("ada@example.com");
		});
	}

	@Test
	void updateFromAStaleCopyFailsSoNoUpdateIsLost() {
		Person saved = this.people.save(Person.create(new PersonRequest("Grace", "Hopper", null), NOW));
		Person first = saved.updatedWith(new PersonRequest("Grace", "Murray", null), NOW.plusSeconds(1));
		Person second = saved.updatedWith(new PersonRequest("Lost", "Update", null), NOW.plusSeconds(2));

		assertThat(this.people.save(first).version()).isEqualTo(1);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.people.save(second));
		assertThat(this.people.findById(saved.id())).hasValueSatisfying(
				(found) -> assertThat(found.lastName()).isEqualTo("Murray"));
	}

	@Test
	void pagesAreSortedByTheRequestedProperty() {
		this.people.deleteAll();
		for (String name : new String[] { "Bravo", "Alpha", "Charlie" }) {
			this.people.save(Person.create(new PersonRequest("P", name, null), NOW));
		}

		Page<Person> page = this.people.findAll(PageRequest.of(0, 2, Sort.by("lastName")));

		assertThat(page.getTotalElements()).isEqualTo(3);
		assertThat(page.getContent()).extracting(Person::lastName).containsExactly("Alpha", "Bravo");
	}

}
