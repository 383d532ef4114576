package dev.tokenservice.auth.keys;

import org.springframework.data.repository.ListCrudRepository;

public interface SigningKeyRepository extends ListCrudRepository<SigningKey, String> {

}
