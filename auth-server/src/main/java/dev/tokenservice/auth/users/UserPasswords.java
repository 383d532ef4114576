package dev.tokenservice.auth.users;

import java.text.Normalizer;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes of human passwords: argon2id at one of OWASP's equivalent minimum settings, 7 MiB and 5
 * iterations, 1 lane (the others trade memory for iterations: 19 MiB and 2, 12 MiB and 3, ...). Of
 * those we take the least memory: the 7 MiB of a hash is live Java heap for its whole run, and with
 * a small heap the collector would otherwise copy the blocks of every running hash many times per
 * hash (with 19 MiB a login cost the server 2 to 3 times the CPU of the hash alone). Argon2 reads
 * the whole password, so nothing is silently truncated (bcrypt stops at 72 bytes). A type of its own,
 * not a {@code PasswordEncoder} bean, so it is never confused with the client-secret encoder: a login
 * is meant to cost a slow hash, a machine grant is not. At most one hash per CPU runs at a time: a
 * hash is all CPU, so more at once only queue for the cores while each holds its memory (64
 * concurrent logins would otherwise take half a gigabyte); callers beyond that wait their turn.
 */
@Component
public class UserPasswords {

	static final int SALT_LENGTH = 16;

	static final int HASH_LENGTH = 32;

	static final int PARALLELISM = 1;

	static final int MEMORY_KIB = 7 * 1024;

	static final int ITERATIONS = 5;

	private final PasswordEncoder encoder;

	private final Semaphore hashing;

	// computed once at startup; verified against when the email is unknown, so both failures cost one hash
	private final String dummyHash;

	public UserPasswords() {
		this(Runtime.getRuntime().availableProcessors(),
				new Argon2PasswordEncoder(SALT_LENGTH, HASH_LENGTH, PARALLELISM, MEMORY_KIB, ITERATIONS));
	}

	/** At most {@code maxConcurrentHashes} runs of {@code argon2} at a time (tests watch them). */
	UserPasswords(int maxConcurrentHashes, PasswordEncoder argon2) {
		// the {argon2} prefix lets a later, stronger setting or algorithm coexist with stored hashes
		this.encoder = new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2));
		this.hashing = new Semaphore(maxConcurrentHashes, true);
		this.dummyHash = hash("dummy password for unknown users");
	}

	/**
	 * NIST SP 800-63B §5.1.1.2: Unicode passwords are normalised (NFKC) before hashing, so the same
	 * password typed on two keyboards that compose characters differently still matches.
	 */
	public static String normalize(String password) {
		return Normalizer.normalize(password, Normalizer.Form.NFKC);
	}

	public String hash(String password) {
		return limited(() -> this.encoder.encode(normalize(password)));
	}

	public boolean matches(String password, String hash) {
		return limited(() -> this.encoder.matches(normalize(password), hash));
	}

	/** Spends the time of one verification and fails. */
	public boolean matchesNobody(String password) {
		limited(() -> this.encoder.matches(normalize(password), this.dummyHash));
		return false;
	}

	private <T> T limited(Supplier<T> hashing) {
		this.hashing.acquireUninterruptibly();
		try {
			return hashing.get();
		}
		finally {
			this.hashing.release();
		}
	}

}
