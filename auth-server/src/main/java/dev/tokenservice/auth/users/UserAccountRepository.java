package dev.tokenservice.auth.users;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

public interface UserAccountRepository
		extends ListCrudRepository<UserAccount, String>, PagingAndSortingRepository<UserAccount, String> {

	Optional<UserAccount> findByEmail(String email);

}
