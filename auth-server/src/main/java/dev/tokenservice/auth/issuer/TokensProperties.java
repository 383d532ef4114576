package dev.tokenservice.auth.issuer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The issuer's token lifetimes ({@code app.tokens.*}).
 *
 * @param accessTokenTimeToLive default access-token lifetime; a client may set its own
 * @param clockSkew tolerance the resource servers allow on {@code exp}/{@code nbf}; retired keys stay
 * published this much longer than the tokens they signed
 */
@ConfigurationProperties("app.tokens")
public record TokensProperties(@DefaultValue("10m") Duration accessTokenTimeToLive,
		@DefaultValue("30s") Duration clockSkew) {

}
