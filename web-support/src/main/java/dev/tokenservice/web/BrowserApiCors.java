package dev.tokenservice.web;

import java.util.Collection;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;

/**
 * What every REST API of ours allows a browser app on another origin: its methods, a Bearer token and a
 * JSON body, and the headers a front end reads (when to retry on 429 or a refused rotation, why a token
 * was refused, where a created resource is). No credentials: a caller that needs cookies says so itself.
 */
public final class BrowserApiCors {

	private BrowserApiCors() {
	}

	public static CorsConfiguration forOrigins(Collection<String> origins) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(List.copyOf(origins));
		configuration.addAllowedMethod(HttpMethod.GET);
		configuration.addAllowedMethod(HttpMethod.POST);
		configuration.addAllowedMethod(HttpMethod.PUT);
		configuration.addAllowedMethod(HttpMethod.DELETE);
		configuration.addAllowedHeader("Authorization");
		configuration.addAllowedHeader("Content-Type");
		configuration.addExposedHeader("Retry-After");
		configuration.addExposedHeader("WWW-Authenticate");
		configuration.addExposedHeader("Location");
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(3600L);
		return configuration;
	}

}
