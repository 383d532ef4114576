package dev.tokenservice.resource.security;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The issuer as this service sees it, in {@code /actuator/health} but not in the readiness group: whether
 * its JWKS can be fetched now ({@code reachable}, from {@link IssuerReachability}) and when the keys in use
 * were fetched. Always UP: an unreachable issuer is an operator's concern (and the gauge
 * {@code resource.issuer.reachable}), not a reason to take the service out of traffic while it holds the
 * keys (Spring Boot's guidance: no shared external system in a probe). Readiness waits only for the first
 * keys ({@link IssuerKeysHealthIndicator}).
 */
@Component("issuer")
class IssuerHealthIndicator implements HealthIndicator {

	private final IssuerReachability reachability;

	private final LastFetchedKeys lastFetched;

	IssuerHealthIndicator(IssuerReachability reachability, LastFetchedKeys lastFetched) {
		this.reachability = reachability;
		this.lastFetched = lastFetched;
	}

	@Override
	public Health health() {
		IssuerReachability.Probe probe = this.reachability.probe();
		Health.Builder health = Health.up()
			.withDetail("reachable", probe.reachable())
			.withDetail("jwksUri", this.reachability.jwkSetUri().toString())
			.withDetail("checkedAt", probe.at().toString());
		if (probe.status() != 0) {
			health.withDetail("status", probe.status());
		}
		if (probe.error() != null) {
			health.withDetail("error", probe.error());
		}
		this.lastFetched.at().ifPresent((at) -> health.withDetail("keysFetchedAt", at.toString()));
		return health.build();
	}

}
