import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.users.UserPasswords;

/**
 * The ceilings the servers' figures are read against, measured in a JVM like theirs (same java, same
 * flags, the auth-server jar's own classes and libraries on the class path): RS256 signing and
 * verification of an access-token-sized JWT with Nimbus on the provider the servers sign with (the
 * native one of {@code NativeCrypto} unless {@code APP_CRYPTO_NATIVEPROVIDER=false}, as for the
 * servers), as NimbusJwtEncoder signs, and one password verification with the server's own {@link UserPasswords}
 * (the cost of a login). Each on 1 thread and on N threads, the best of {@value #ROUNDS} rounds. Prints
 * one JSON object.
 * <p>
 * Run by bench/run: {@code java -cp 'BOOT-INF/lib/*:BOOT-INF/classes' bench/src/RawLimits.java
 * --threads N --warmup S --seconds S --key-size 2048}.
 */
public class RawLimits {

	/**
	 * Each rate is measured this many times after one warm-up and the best is the limit: a limit is
	 * what the JVM can do, and a shared machine or a late JIT compilation only ever lowers a round.
	 */
	private static final int ROUNDS = 3;

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int threads = Integer.parseInt(options.getOrDefault("threads",
				String.valueOf(Runtime.getRuntime().availableProcessors())));
		Duration warmup = Duration.ofMillis((long) (Double.parseDouble(options.getOrDefault("warmup", "2")) * 1000));
		Duration measure = Duration.ofMillis((long) (Double.parseDouble(options.getOrDefault("seconds", "5")) * 1000));
		int keySize = Integer.parseInt(options.getOrDefault("key-size", "2048"));

		// the same provider choice as the servers make at startup (NativeCryptoListener)
		if (!"false".equalsIgnoreCase(System.getenv("APP_CRYPTO_NATIVEPROVIDER"))) {
			dev.tokenservice.web.NativeCrypto.install();
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("jvm", jvm());
		result.put("threads", threads);
		result.put("warmupSeconds", warmup.toMillis() / 1000.0);
		result.put("measureSeconds", measure.toMillis() / 1000.0);
		result.put("rs256", rs256(keySize, threads, warmup, measure));
		result.put("password", password(threads, warmup, measure));
		System.out.println(JSONObjectUtils.toJSONString(result));
	}

	private static Map<String, Object> rs256(int keySize, int threads, Duration warmup, Duration measure)
			throws Exception {
		RSAKey key = new RSAKeyGenerator(keySize).keyIDFromThumbprint(true).generate();
		RSASSASigner signer = new RSASSASigner(key);
		RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
			.type(new JOSEObjectType("at+jwt"))
			.build();
		// the claims of a first-party user's access token (see the README), so the signing input is as long
		Date now = new Date();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("http://127.0.0.1:9000")
			.subject(UUID.randomUUID().toString())
			.audience(List.of("people-api"))
			.notBeforeTime(now)
			.issueTime(now)
			.expirationTime(new Date(now.getTime() + 600_000))
			.jwtID(UUID.randomUUID().toString())
			.claim("client_id", "first-party")
			.claim("scope", "people:read people:write")
			.claim("roles", List.of("user"))
			.claim("email", "bench-user-0001@example.com")
			.claim("sid", UUID.randomUUID().toString())
			.build();
		SignedJWT sample = new SignedJWT(header, claims);
		sample.sign(signer);
		String token = sample.serialize();

		Callable<Object> sign = () -> {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(signer);
			return jwt.serialize();
		};
		Callable<Object> verify = () -> {
			if (!SignedJWT.parse(token).verify(verifier)) {
				throw new IllegalStateException("signature does not verify");
			}
			return Boolean.TRUE;
		};
		Map<String, Object> rs256 = new LinkedHashMap<>();
		rs256.put("keySize", keySize);
		rs256.put("provider", Signature.getInstance("SHA256withRSA").getProvider().getName());
		rs256.put("tokenLength", token.length());
		put(rs256, "sign1", best(1, warmup, measure, sign));
		put(rs256, "signN", best(threads, warmup, measure, sign));
		put(rs256, "verify1", best(1, warmup, measure, verify));
		put(rs256, "verifyN", best(threads, warmup, measure, verify));
		return rs256;
	}

	private static Map<String, Object> password(int threads, Duration warmup, Duration measure) throws Exception {
		UserPasswords passwords = new UserPasswords();
		String password = "correct horse battery staple " + UUID.randomUUID();
		String hash = passwords.hash(password);
		Callable<Object> verify = () -> {
			if (!passwords.matches(password, hash)) {
				throw new IllegalStateException("password does not match its hash");
			}
			return Boolean.TRUE;
		};
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("encoder", UserPasswords.class.getName());
		result.put("parameters", constants(UserPasswords.class));
		// the stored form without the salt and hash: {argon2}$argon2id$v=19$m=...,t=...,p=...
		result.put("hashPrefix", hash.substring(0, hash.indexOf("$", hash.indexOf("m=")) + 1));
		put(result, "hash1", best(1, warmup, measure, verify));
		put(result, "hashN", best(threads, warmup, measure, verify));
		return result;
	}

	/**
	 * Operations per second of {@code threads} threads calling {@code op} in a loop: each thread counts
	 * what it completes after the warm-up, and its rate is its count over its own elapsed time (a slow
	 * operation overshoots the deadline by at most one call).
	 */
	private static Map<String, Object> best(int threads, Duration warmup, Duration measure, Callable<Object> op)
			throws Exception {
		List<Double> rounds = new ArrayList<>();
		rounds.add(rate(threads, warmup, measure, op));
		for (int i = 1; i < ROUNDS; i++) {
			rounds.add(rate(threads, Duration.ZERO, measure, op));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("best", rounds.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
		result.put("rounds", rounds);
		return result;
	}

	private static double rate(int threads, Duration warmup, Duration measure, Callable<Object> op) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long start = System.nanoTime() + warmup.toNanos();
			long end = start + measure.toNanos();
			List<Future<Double>> rates = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				rates.add(pool.submit(() -> {
					Object sink = null;
					while (System.nanoTime() < start) {
						sink = op.call();
					}
					long count = 0;
					long began = System.nanoTime();
					long now = began;
					while (now < end) {
						sink = op.call();
						count++;
						now = System.nanoTime();
					}
					if (sink == null) {
						throw new IllegalStateException("no result");
					}
					return count / ((now - began) / 1e9);
				}));
			}
			double total = 0;
			for (Future<Double> rate : rates) {
				total += rate.get();
			}
			return Math.round(total * 10) / 10.0;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** {@code name}: the best round; {@code nameRounds}: every round, for the record. */
	private static void put(Map<String, Object> target, String name, Map<String, Object> measured) {
		target.put(name, measured.get("best"));
		target.put(name + "Rounds", measured.get("rounds"));
	}

	private static Map<String, Object> jvm() {
		Map<String, Object> jvm = new LinkedHashMap<>();
		jvm.put("version", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version"));
		jvm.put("home", System.getProperty("java.home"));
		jvm.put("arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
		jvm.put("availableProcessors", Runtime.getRuntime().availableProcessors());
		jvm.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
		jvm.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map((gc) -> gc.getName()).toList());
		return jvm;
	}

	/** The encoder's settings as the server class declares them (static final int fields). */
	private static Map<String, Object> constants(Class<?> type) throws IllegalAccessException {
		Map<String, Object> constants = new LinkedHashMap<>();
		for (Field field : type.getDeclaredFields()) {
			if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
				field.setAccessible(true);
				constants.put(field.getName(), field.getInt(null));
			}
		}
		return constants;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --name value, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

}
