package dev.tokenservice.resource.security;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which access tokens this service accepts and how long it remembers them ({@code app.tokens.*}).
 *
 * @param audience the value {@code aud} must contain for a token to be accepted here
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param maxLength longer Bearer tokens are refused (401) before parsing
 * @param verifiedCacheSize how many accepted tokens are kept so that the next request with the same token
 * skips parsing, signature and claim checks; 0 checks every request in full
 * @param verifiedCacheTtl the longest an accepted token is kept, never past its {@code exp} plus the skew
 */
@Validated
@ConfigurationProperties("app.tokens")
public record TokensProperties(@NotBlank @DefaultValue("people-api") String audience,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue("8192") int maxLength,
		@DefaultValue("1000") int verifiedCacheSize, @DefaultValue("30s") Duration verifiedCacheTtl) {

}
