package dev.tokenservice.auth.users;

import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes of human passwords: argon2id at OWASP's minimum (19 MiB, 2 iterations, 1 lane). Argon2 reads
 * the whole password, so nothing is silently truncated (bcrypt stops at 72 bytes). Kept apart from the
 * client-secret encoder: a login is meant to cost a slow hash, a machine grant is not.
 */
@Component
public class UserPasswords {

	private final PasswordEncoder encoder = new DelegatingPasswordEncoder("argon2",
			Map.of("argon2", new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2)));

	// verified against when the email is unknown, so both failures cost the same hash
	private final String dummyHash = this.encoder.encode("dummy password for unknown users");

	public String hash(String password) {
		return this.encoder.encode(password);
	}

	public boolean matches(String password, String hash) {
		return this.encoder.matches(password, hash);
	}

	/** Spends the time of one verification and fails. */
	public boolean matchesNobody(String password) {
		this.encoder.matches(password, this.dummyHash);
		return false;
	}

}
