package dev.tokenservice.auth.users;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.tokenservice.auth.audit.SecurityEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/** Accounts: sign-up, password checks, and the admin's changes. */
@Service
public class UserService {

	private static final Logger logger = LoggerFactory.getLogger(UserService.class);

	private final UserAccountRepository users;

	private final UserPasswords passwords;

	private final PasswordPolicy policy;

	private final Clock clock;

	private final SecurityEvents events;

	private final TransactionOperations transactions;

	public UserService(UserAccountRepository users, UserPasswords passwords, PasswordPolicy policy, Clock clock,
			SecurityEvents events, TransactionOperations transactions) {
		this.users = users;
		this.passwords = passwords;
		this.policy = policy;
		this.clock = clock;
		this.events = events;
		this.transactions = transactions;
	}

	/** Emails are stored lowercased, so the unique index makes them unique case-insensitively. */
	public static String normalizeEmail(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * A new account with role {@code user} only, whatever roles the client asked for. The account and
	 * its {@code signup} audit row are written in one transaction; refusals are counted.
	 */
	public UserAccount signUp(String email, String password) {
		String normalized = normalizeEmail(email);
		// the request was validated already; this guards every other caller
		this.policy.problem(password, normalized).ifPresent((problem) -> {
			this.events.signupRejected();
			throw new InvalidFieldException("password", problem);
		});
		if (this.users.findByEmail(normalized).isPresent()) {
			this.events.signupDuplicate();
			throw new DuplicateEmailException();
		}
		UserAccount account = new UserAccount(UUID.randomUUID().toString(), normalized, this.passwords.hash(password),
				UserAccount.USER, true, this.clock.instant(), null);
		try {
			// a transaction of its own, not around the catch: on PostgreSQL a failed insert spoils the rest of it
			UserAccount saved = this.transactions.execute((status) -> {
				UserAccount inserted = this.users.save(account);
				this.events.signedUp(inserted.id());
				return inserted;
			});
			logger.info("User {} signed up", saved.id());
			return saved;
		}
		catch (DuplicateKeyException | DbActionExecutionException ex) {
			// the unique index caught a concurrent sign-up with the same email
			if (this.users.findByEmail(normalized).isPresent()) {
				this.events.signupDuplicate();
				throw new DuplicateEmailException();
			}
			throw ex;
		}
	}

	/**
	 * Checks a password. Unknown emails cost the same hash as wrong passwords, so timing does not tell
	 * which accounts exist.
	 */
	public PasswordCheck checkPassword(String email, String password) {
		Optional<UserAccount> account = this.users.findByEmail(normalizeEmail(email));
		if (account.isEmpty()) {
			return new PasswordCheck(account, this.passwords.matchesNobody(password));
		}
		return new PasswordCheck(account, this.passwords.matches(password, account.get().passwordHash()));
	}

	public Optional<UserAccount> find(String id) {
		return this.users.findById(id);
	}

	/** {@code actor} (e.g. {@code user:<admin id>}) sets the roles; the change and its audit row commit together. */
	@Transactional
	public UserAccount setRoles(String id, Set<String> roles, String actor) {
		UserAccount account = this.users.findById(id).orElseThrow(UserNotFoundException::new);
		UserAccount saved = this.users.save(account.withRoles(roles));
		this.events.rolesChanged(actor, id, new LinkedHashSet<>(saved.roleList()));
		return saved;
	}

	/** {@code actor} disables or enables the account; the change and its audit row commit together. */
	@Transactional
	public UserAccount setEnabled(String id, boolean enabled, String actor) {
		UserAccount account = this.users.findById(id).orElseThrow(UserNotFoundException::new);
		UserAccount saved = this.users.save(account.withEnabled(enabled));
		if (enabled) {
			this.events.userEnabled(actor, id);
		}
		else {
			this.events.userDisabled(actor, id);
		}
		return saved;
	}

	/**
	 * Creates the account with these roles, or adds the roles to an existing one and gives it this
	 * password. The configured password must satisfy the policy like any other.
	 */
	public ProvisionedUser provision(String email, String password, Set<String> roles) {
		String normalized = normalizeEmail(email);
		this.policy.problem(password, normalized).ifPresent((problem) -> {
			throw new IllegalArgumentException("The configured password for " + normalized + " " + problem);
		});
		Optional<UserAccount> existing = this.users.findByEmail(normalized);
		if (existing.isPresent()) {
			UserAccount account = existing.get().withRoles(union(existing.get(), roles));
			boolean replaced = !this.passwords.matches(password, account.passwordHash());
			if (replaced) {
				account = account.withPasswordHash(this.passwords.hash(password));
			}
			else if (account.roles().equals(existing.get().roles())) {
				// nothing to change: the usual restart writes nothing
				return new ProvisionedUser(account, false, false);
			}
			return new ProvisionedUser(this.users.save(account), false, replaced);
		}
		UserAccount created = this.users.save(new UserAccount(UUID.randomUUID().toString(), normalized,
				this.passwords.hash(password), UserAccount.USER, true, this.clock.instant(), null)
			.withRoles(roles));
		return new ProvisionedUser(created, true, false);
	}

	private static Set<String> union(UserAccount account, Set<String> roles) {
		Set<String> all = new LinkedHashSet<>(account.roleList());
		all.addAll(roles);
		return all;
	}

}
