package dev.tokenservice.auth.issuer;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The issuer ({@code app.issuer.*}). Its tokens ({@link TokensProperties}) and storage
 * ({@link StorageProperties}) have records of their own, as do clients, keys and the rest.
 *
 * @param uri the {@code iss} of every token and the base of the discovery documents: the URL clients and
 * resource servers use
 */
@Validated
@ConfigurationProperties("app.issuer")
public record IssuerProperties(@NotNull @DefaultValue("http://localhost:9000") URI uri) {

}
