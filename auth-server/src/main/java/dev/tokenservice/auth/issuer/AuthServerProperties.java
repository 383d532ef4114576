package dev.tokenservice.auth.issuer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The issuer's own settings ({@code app.*}); clients and keys have records of their own.
 *
 * @param issuer the {@code iss} of every token and the base of the discovery documents
 * @param dataDir where the embedded database (and its generated KEK) live
 * @param tokens token lifetimes
 */
@Validated
@ConfigurationProperties("app")
public record AuthServerProperties(@NotNull URI issuer, @DefaultValue("./data") Path dataDir,
		@Valid @DefaultValue Tokens tokens) {

	/**
	 * @param accessTokenTimeToLive default access-token lifetime; a client may set its own
	 * @param clockSkew tolerance the resource servers allow on {@code exp}/{@code nbf}; retired keys stay
	 * published this much longer than the tokens they signed
	 */
	public record Tokens(@DefaultValue("10m") Duration accessTokenTimeToLive, @DefaultValue("30s") Duration clockSkew) {
	}

}
