package dev.tokenservice.resource.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Can the issuer's JWKS be fetched right now? A GET of the JWKS URI, its answer kept for a few seconds so
 * that health probes and scrapes do not hammer the issuer. Reported as a detail of the {@code issuer}
 * health indicator and as the gauge {@code resource.issuer.reachable} (1 or 0); readiness does not depend
 * on it ({@link IssuerKeysHealthIndicator}).
 */
@Component
class IssuerReachability implements MeterBinder {

	static final String GAUGE = "resource.issuer.reachable";

	private static final Duration CACHE = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final URI jwkSetUri;

	private final Clock clock;

	private volatile Probe last;

	IssuerReachability(IssuerProperties issuer, Clock clock) {
		this.jwkSetUri = issuer.effectiveJwkSetUri();
		this.clock = clock;
	}

	URI jwkSetUri() {
		return this.jwkSetUri;
	}

	/** The last probe, or a new one when it is older than a few seconds. */
	Probe probe() {
		Probe probe = this.last;
		Instant now = this.clock.instant();
		if (probe == null || probe.at().plus(CACHE).isBefore(now)) {
			probe = check(now);
			this.last = probe;
		}
		return probe;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(GAUGE, this, (reachability) -> reachability.probe().reachable() ? 1 : 0)
			.description("1 when the issuer's JWKS could be fetched at the last probe (kept 5 s), else 0")
			.register(registry);
	}

	private Probe check(Instant now) {
		try {
			HttpRequest request = HttpRequest.newBuilder(this.jwkSetUri).timeout(TIMEOUT).GET().build();
			int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return new Probe(now, status == 200, status, null);
		}
		catch (IOException ex) {
			return new Probe(now, false, 0, ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Probe(now, false, 0, ex.getClass().getSimpleName());
		}
	}

	/** One probe: when, whether the JWKS answered 200, its status (0 without an answer), the error if none. */
	record Probe(Instant at, boolean reachable, int status, String error) {
	}

}
