package dev.tokenservice.auth.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The issuer ({@code app.issuer.*}); its tokens ({@link Tokens}, {@code app.tokens.*}) and its storage
 * ({@link Storage}, {@code app.storage.*}) are bound next to it. Clients, keys and the rest have records
 * of their own.
 *
 * @param uri the {@code iss} of every token and the base of the discovery documents: the URL clients and
 * resource servers use
 */
@Validated
@ConfigurationProperties("app.issuer")
public record AuthServerProperties(@NotNull @DefaultValue("http://localhost:9000") URI uri) {

	/**
	 * Token lifetimes ({@code app.tokens.*}).
	 *
	 * @param accessTokenTimeToLive default access-token lifetime; a client may set its own
	 * @param clockSkew tolerance the resource servers allow on {@code exp}/{@code nbf}; retired keys stay
	 * published this much longer than the tokens they signed
	 */
	@ConfigurationProperties("app.tokens")
	public record Tokens(@DefaultValue("10m") Duration accessTokenTimeToLive,
			@DefaultValue("30s") Duration clockSkew) {
	}

	/**
	 * Local storage ({@code app.storage.*}).
	 *
	 * @param dataDir where the embedded H2 database and its generated KEK live
	 */
	@ConfigurationProperties("app.storage")
	public record Storage(@DefaultValue("./data") Path dataDir) {
	}

}
