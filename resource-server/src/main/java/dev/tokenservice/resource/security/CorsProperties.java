package dev.tokenservice.resource.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser origins allowed to call the API cross-origin ({@code app.cors.*}), with a Bearer token and
 * never with cookies; empty means no CORS at all (same-origin pages and non-browser clients only).
 *
 * @param allowedOrigins exact origins, e.g. {@code https://app.example.com}
 */
@ConfigurationProperties("app.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {

}
