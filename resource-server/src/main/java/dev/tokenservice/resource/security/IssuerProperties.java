package dev.tokenservice.resource.security;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The issuer this service trusts and how its keys are fetched ({@code app.issuer.*}).
 *
 * @param uri the trusted issuer: required {@code iss}, and base of its JWKS
 * @param jwkSetUri where the issuer's public keys are fetched (e.g. an internal address); empty means
 * {@code uri + /oauth2/jwks}, the issuer's published {@code jwks_uri}
 * @param jwksCacheTtl how long fetched keys are used before the JWKS is fetched again
 * @param jwksRefetchMinInterval a token with an unknown {@code kid} refetches the JWKS at most twice per
 * interval
 * @param jwksOutageTolerance while the issuer's JWKS cannot be fetched, the keys last fetched are still used
 * for this long after that fetch (so a key withdrawn during an outage stays trusted up to this long; after it
 * every token is refused until the issuer answers); must exceed {@code jwksCacheTtl}. Readiness does not
 * depend on it: the service stays ready once it has the first keys
 */
@Validated
@ConfigurationProperties("app.issuer")
public record IssuerProperties(@NotNull @DefaultValue("http://localhost:9000") URI uri, URI jwkSetUri,
		@DefaultValue("5m") Duration jwksCacheTtl, @DefaultValue("30s") Duration jwksRefetchMinInterval,
		@DefaultValue("1d") Duration jwksOutageTolerance) {

	public IssuerProperties {
		if (jwksOutageTolerance != null && jwksCacheTtl != null && jwksOutageTolerance.compareTo(jwksCacheTtl) <= 0) {
			throw new IllegalArgumentException("app.issuer.jwks-outage-tolerance (" + jwksOutageTolerance
					+ ") must exceed app.issuer.jwks-cache-ttl (" + jwksCacheTtl + ")");
		}
	}

	public URI effectiveJwkSetUri() {
		if (this.jwkSetUri != null && !this.jwkSetUri.toString().isBlank()) {
			return this.jwkSetUri;
		}
		String issuer = this.uri.toString();
		return URI.create((issuer.endsWith("/") ? issuer : issuer + "/") + "oauth2/jwks");
	}

}
