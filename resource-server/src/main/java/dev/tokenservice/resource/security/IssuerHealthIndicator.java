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
 * Readiness: can the issuer's JWKS be fetched? The service starts and stays live without it (tokens
 * signed by cached keys still verify), but is not ready to take new traffic until the issuer answers.
 * The answer is cached briefly so probes do not hammer the issuer.
 */
@Component("issuer")
class IssuerHealthIndicator implements HealthIndicator {

	private static final Duration CACHE = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final URI jwkSetUri;

	private final Clock clock;

	private volatile Checked last;

	IssuerHealthIndicator(IssuerProperties issuer, Clock clock) {
		this.jwkSetUri = issuer.effectiveJwkSetUri();
		this.clock = clock;
	}

	@Override
	public Health health() {
		Checked checked = this.last;
		Instant now = this.clock.instant();
		if (checked == null || checked.at().plus(CACHE).isBefore(now)) {
			checked = new Checked(now, check());
			this.last = checked;
		}
		return checked.health();
	}

	private Health check() {
		try {
			HttpRequest request = HttpRequest.newBuilder(this.jwkSetUri).timeout(TIMEOUT).GET().build();
			int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			Health.Builder health = (status == 200) ? Health.up() : Health.outOfService();
			return health.withDetail("jwksUri", this.jwkSetUri.toString()).withDetail("status", status).build();
		}
		catch (IOException ex) {
			return Health.outOfService()
				.withDetail("jwksUri", this.jwkSetUri.toString())
				.withDetail("error", ex.getClass().getSimpleName())
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().build();
		}
	}

	private record Checked(Instant at, Health health) {
	}

}
