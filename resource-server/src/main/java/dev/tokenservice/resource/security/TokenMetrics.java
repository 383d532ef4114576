package dev.tokenservice.resource.security;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The counters of token verification (docs/metrics.md): {@code resource.tokens.rejected} by
 * {@link RejectionReason}, {@code resource.jwks.fetches} by outcome, {@code resource.tokens.cache} by
 * result. Every tag value is registered up front, so each series reads 0 before its first event and the
 * tags never carry anything from a request.
 */
final class TokenMetrics {

	static final String REJECTED = "resource.tokens.rejected";

	static final String JWKS_FETCHES = "resource.jwks.fetches";

	static final String CACHE = "resource.tokens.cache";

	private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

	private final Counter fetchSuccess;

	private final Counter fetchFailure;

	private final Counter cacheHit;

	private final Counter cacheMiss;

	TokenMetrics(MeterRegistry registry) {
		for (RejectionReason reason : RejectionReason.values()) {
			this.rejected.put(reason, Counter.builder(REJECTED)
				.description("Bearer tokens refused, by reason")
				.tag("reason", reason.tag())
				.register(registry));
		}
		this.fetchSuccess = fetches(registry, "success");
		this.fetchFailure = fetches(registry, "failure");
		this.cacheHit = cache(registry, "hit");
		this.cacheMiss = cache(registry, "miss");
	}

	/** Counters nobody reads: for pieces built outside a Spring context (unit tests). */
	static TokenMetrics unregistered() {
		return new TokenMetrics(new SimpleMeterRegistry());
	}

	void rejected(RejectionReason reason) {
		this.rejected.get(reason).increment();
	}

	void jwksFetched(boolean success) {
		(success ? this.fetchSuccess : this.fetchFailure).increment();
	}

	void cacheHit() {
		this.cacheHit.increment();
	}

	void cacheMiss() {
		this.cacheMiss.increment();
	}

	private static Counter fetches(MeterRegistry registry, String outcome) {
		return Counter.builder(JWKS_FETCHES)
			.description("Fetches of the issuer's JWKS, by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	private static Counter cache(MeterRegistry registry, String result) {
		return Counter.builder(CACHE)
			.description("Lookups of the verified-token cache, by result")
			.tag("result", result)
			.register(registry);
	}

	/** Why a Bearer token was refused: a closed set, so the tag's cardinality is bounded. */
	enum RejectionReason {

		/** {@code exp} passed (beyond the clock skew). */
		EXPIRED,
		/** {@code nbf} in the future (beyond the clock skew). */
		NOT_YET_VALID,
		/** A known key, but the signature does not verify. */
		BAD_SIGNATURE,
		/** No key of the issuer's JWKS has the token's {@code kid} (or the keys cannot be had). */
		UNKNOWN_KID,
		/** Not RS256: {@code none}, HMAC, another algorithm. */
		WRONG_ALGORITHM,
		/** JOSE {@code typ} not {@code at+jwt} (a refresh token, an ID token, a plain JWT). */
		WRONG_TYPE,
		/** {@code iss} is not the trusted issuer. */
		WRONG_ISSUER,
		/** {@code aud} does not name this service. */
		WRONG_AUDIENCE,
		/** A claim RFC 9068 requires is absent or unusable ({@code sub}, {@code client_id}, {@code jti} ...). */
		MISSING_CLAIM,
		/** Not a JWT at all, or its parts do not parse. */
		MALFORMED,
		/** Longer than {@code app.tokens.max-length}: refused before parsing. */
		TOO_LONG,
		/** Anything else. */
		OTHER;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
