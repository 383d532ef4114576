package dev.tokenservice.resource.people;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

public interface PersonRepository extends ListCrudRepository<Person, Long>, PagingAndSortingRepository<Person, Long> {

}
