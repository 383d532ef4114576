package dev.tokenservice.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The JCA providers of both servers ({@code app.crypto.*}). Bound by {@link NativeCryptoListener} as soon
 * as the environment is known, before the application context exists, so it is not a bean.
 *
 * @param nativeProvider sign, verify and seal with Amazon Corretto Crypto Provider (AWS-LC, native) where it
 * loads (Linux x86-64 with glibc), about 4 times faster RS256 signing than the JDK; elsewhere, or
 * {@code false}, the JDK's providers. The startup log says which signs
 */
@ConfigurationProperties(CryptoProperties.PREFIX)
public record CryptoProperties(@DefaultValue("true") boolean nativeProvider) {

	static final String PREFIX = "app.crypto";

}
