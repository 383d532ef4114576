package dev.tokenservice.resource.security;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: are the issuer's keys in hand? Not before the first JWKS was fetched (each probe until then
 * asks the key source for the keys once the issuer answers, so the service gets them without waiting for a
 * token); UP from then
 * on, whether or not the issuer can be reached later: the keys fetched keep verifying tokens (Nimbus's
 * cache, then {@code app.issuer.jwks-outage-tolerance}), and taking every resource server out of service
 * together would turn an issuer outage into an outage of the API. Reachability is a detail of the
 * {@code issuer} indicator and the gauge {@code resource.issuer.reachable}.
 */
@Component("issuerKeys")
class IssuerKeysHealthIndicator implements HealthIndicator {

	private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

	private final JWKSource<SecurityContext> issuerJwkSource;

	private final LastFetchedKeys lastFetched;

	private final IssuerReachability reachability;

	IssuerKeysHealthIndicator(JWKSource<SecurityContext> issuerJwkSource, LastFetchedKeys lastFetched,
			IssuerReachability reachability) {
		this.issuerJwkSource = issuerJwkSource;
		this.lastFetched = lastFetched;
		this.reachability = reachability;
	}

	@Override
	public Health health() {
		// only once the issuer answers: a fetch that fails would use up the refetch rate limit, and delay
		// readiness by up to app.issuer.jwks-refetch-min-interval after the issuer comes up
		if (this.lastFetched.at().isEmpty() && this.reachability.probe().reachable()) {
			try {
				// through the cache and the refetch rate limit, as a token would; a failure leaves no keys
				this.issuerJwkSource.get(ANY_KEY, null);
			}
			catch (Exception ex) {
				// UnavailableKeysAsNoKeys answers "no keys" for an unreachable issuer; anything else too
			}
		}
		return this.lastFetched.at()
			.map((at) -> Health.up().withDetail("keysFetchedAt", at.toString()).build())
			.orElseGet(() -> Health.outOfService().withDetail("reason", "the issuer's JWKS was never fetched").build());
	}

}
