package dev.tokenservice.resource.security;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whom this service trusts and how ({@code app.*}).
 *
 * @param issuerUri the issuer: required {@code iss}, and base of its JWKS
 * @param jwkSetUri where the issuer's keys are fetched; empty means {@code issuerUri + /oauth2/jwks}
 * @param audience the {@code aud} value a token must carry to be accepted here
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param jwksCacheTtl how long fetched keys are used before the JWKS is fetched again
 * @param jwksRefetchMinInterval an unknown {@code kid} refetches the JWKS at most twice per interval
 * @param maxTokenLength longer Bearer tokens are refused before parsing
 * @param verifiedTokenCacheSize how many accepted tokens are kept so that their next request skips
 * the checks; 0 turns the cache off
 * @param verifiedTokenCacheTtl the longest an accepted token is kept (never past its {@code exp})
 */
@Validated
@ConfigurationProperties("app")
public record ResourceServerProperties(@NotNull URI issuerUri, URI jwkSetUri, @NotBlank String audience,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue("5m") Duration jwksCacheTtl,
		@DefaultValue("30s") Duration jwksRefetchMinInterval, @DefaultValue("8192") int maxTokenLength,
		@DefaultValue("1000") int verifiedTokenCacheSize, @DefaultValue("30s") Duration verifiedTokenCacheTtl) {

	public URI effectiveJwkSetUri() {
		if (this.jwkSetUri != null && !this.jwkSetUri.toString().isBlank()) {
			return this.jwkSetUri;
		}
		String issuer = this.issuerUri.toString();
		return URI.create((issuer.endsWith("/") ? issuer : issuer + "/") + "oauth2/jwks");
	}

}
