package dev.tokenservice.resource.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: can tokens be verified? Yes when the issuer's JWKS can be fetched, and also while the issuer
 * is unreachable but the keys last fetched are within {@code app.issuer.jwks-outage-tolerance}: they are
 * what tokens are verified with then, and taking every resource server out of service together would turn
 * an issuer outage into an outage of the API. The service starts and stays live without the issuer, but is
 * not ready before it has reached it once (or after the tolerance has run out). The answer is cached
 * briefly so probes do not hammer the issuer.
 */
@Component("issuer")
class IssuerHealthIndicator implements HealthIndicator {

	private static final Duration CACHE = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final URI jwkSetUri;

	private final Clock clock;

	private final Duration outageTolerance;

	private final LastFetchedKeys lastFetched;

	private volatile Checked last;

	IssuerHealthIndicator(IssuerProperties issuer, LastFetchedKeys lastFetched, Clock clock) {
		this.jwkSetUri = issuer.effectiveJwkSetUri();
		this.outageTolerance = issuer.jwksOutageTolerance();
		this.lastFetched = lastFetched;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Checked checked = this.last;
		Instant now = this.clock.instant();
		if (checked == null || checked.at().plus(CACHE).isBefore(now)) {
			checked = new Checked(now, check(now));
			this.last = checked;
		}
		return checked.health();
	}

	private Health check(Instant now) {
		try {
			HttpRequest request = HttpRequest.newBuilder(this.jwkSetUri).timeout(TIMEOUT).GET().build();
			int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			Health.Builder health = (status == 200) ? Health.up() : unreachable(now);
			return health.withDetail("jwksUri", this.jwkSetUri.toString()).withDetail("status", status).build();
		}
		catch (IOException ex) {
			return unreachable(now).withDetail("jwksUri", this.jwkSetUri.toString())
				.withDetail("error", ex.getClass().getSimpleName())
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().build();
		}
	}

	/** Up on the keys last fetched while they are within the outage tolerance, else out of service. */
	private Health.Builder unreachable(Instant now) {
		return this.lastFetched.at().map((fetched) -> {
			Instant until = fetched.plus(this.outageTolerance);
			Health.Builder health = until.isAfter(now) ? Health.up() : Health.outOfService();
			return health.withDetail("keysFetchedAt", fetched.toString()).withDetail("keysTrustedUntil", until.toString());
		}).orElseGet(Health::outOfService);
	}

	private record Checked(Instant at, Health health) {
	}

}
