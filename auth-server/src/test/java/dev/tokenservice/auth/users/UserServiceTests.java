package dev.tokenservice.auth.users;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import dev.tokenservice.auth.audit.SecurityEvents;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

/** What the HTTP tests cannot see: which hash work a login does, and what sign-up stores. */
class UserServiceTests {

	private final UserAccountRepository repository = mock(UserAccountRepository.class);

	private final UserPasswords passwords = spy(new UserPasswords());

	private final UserService users = new UserService(this.repository, this.passwords, new PasswordPolicy(),
			Clock.systemUTC(), mock(SecurityEvents.class), TransactionOperations.withoutTransaction());

	@Test
	void anUnknownEmailCostsOneHashLikeAWrongPassword() {
		given(this.repository.findByEmail("nobody@example.com")).willReturn(Optional.empty());

		PasswordCheck check = this.users.checkPassword("Nobody@Example.com", "some password");

		assertThat(check.succeeded()).isFalse();
		assertThat(check.account()).isEmpty();
		verify(this.passwords).matchesNobody("some password");
	}

	@Test
	void aKnownEmailIsCheckedAgainstItsOwnHash() {
		String hash = this.passwords.hash("violet tangerine bicycle harbor");
		UserAccount account = new UserAccount("id-1", "ada@example.com", hash, "user", true, Instant.now(), 0L);
		given(this.repository.findByEmail("ada@example.com")).willReturn(Optional.of(account));

		assertThat(this.users.checkPassword("ada@example.com", "violet tangerine bicycle harbor").succeeded()).isTrue();
		assertThat(this.users.checkPassword("ada@example.com", "wrong").succeeded()).isFalse();
		verify(this.passwords, never()).matchesNobody(anyString());
	}

	@Test
	void signUpStoresALowercasedEmailAnArgon2HashAndOnlyTheUserRole() {
		given(this.repository.findByEmail(anyString())).willReturn(Optional.empty());
		given(this.repository.save(any())).willAnswer((invocation) -> invocation.getArgument(0));

		UserAccount account = this.users.signUp(" Ada@Example.COM ", "violet tangerine bicycle harbor");

		assertThat(account.email()).isEqualTo("ada@example.com");
		assertThat(account.roleList()).containsExactly("user");
		assertThat(account.passwordHash()).startsWith("{argon2}$argon2id$").doesNotContain("violet");
		assertThat(account.enabled()).isTrue();
	}

}
