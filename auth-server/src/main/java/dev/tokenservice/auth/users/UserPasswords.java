package dev.tokenservice.auth.users;

import java.text.Normalizer;
import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes of human passwords: argon2id at OWASP's minimum (19 MiB, 2 iterations, 1 lane). Argon2 reads
 * the whole password, so nothing is silently truncated (bcrypt stops at 72 bytes). A type of its own,
 * not a {@code PasswordEncoder} bean, so it is never confused with the client-secret encoder: a login
 * is meant to cost a slow hash, a machine grant is not.
 */
@Component
public class UserPasswords {

	static final int SALT_LENGTH = 16;

	static final int HASH_LENGTH = 32;

	static final int PARALLELISM = 1;

	static final int MEMORY_KIB = 19 * 1024;

	static final int ITERATIONS = 2;

	// the {argon2} prefix lets a later, stronger setting or algorithm coexist with stored hashes
	private final PasswordEncoder encoder = new DelegatingPasswordEncoder("argon2", Map.of("argon2",
			new Argon2PasswordEncoder(SALT_LENGTH, HASH_LENGTH, PARALLELISM, MEMORY_KIB, ITERATIONS)));

	// computed once at startup; verified against when the email is unknown, so both failures cost one hash
	private final String dummyHash = this.encoder.encode("dummy password for unknown users");

	/**
	 * NIST SP 800-63B §5.1.1.2: Unicode passwords are normalised (NFKC) before hashing, so the same
	 * password typed on two keyboards that compose characters differently still matches.
	 */
	public static String normalize(String password) {
		return Normalizer.normalize(password, Normalizer.Form.NFKC);
	}

	public String hash(String password) {
		return this.encoder.encode(normalize(password));
	}

	public boolean matches(String password, String hash) {
		return this.encoder.matches(normalize(password), hash);
	}

	/** Spends the time of one verification and fails. */
	public boolean matchesNobody(String password) {
		this.encoder.matches(normalize(password), this.dummyHash);
		return false;
	}

}
