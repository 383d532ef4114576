package dev.tokenservice.auth.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser origins allowed to call the first-party API with credentials ({@code app.cors.*});
 * empty means same-origin only.
 *
 * @param allowedOrigins exact origins, e.g. {@code https://app.example.com}
 */
@ConfigurationProperties("app.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {

}
