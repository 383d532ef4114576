package dev.tokenservice.auth.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.tokenservice.auth.clients.ClientsProperties;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.web.CookieOriginFilter;
import dev.tokenservice.auth.web.CorsProperties;
import dev.tokenservice.web.BrowserApiCors;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what cross-origin, in two kinds. Bearer-only endpoints (the protocol endpoints a browser
 * app calls, the admin API, {@code GET /api/auth/me}) take nothing from cookies, so the configured
 * origins and those of the public clients' redirect URIs may call them, never with credentials. The
 * cookie endpoints of the first-party API ({@code /api/auth/login}, refresh, logout, signup) are
 * credentialed: the configured origins only.
 */
final class CorsPolicies {

	/** The app's own API paths that take a Bearer token and never a cookie. */
	private static final List<String> BEARER_API = List.of("/api/admin/**", "/api/auth/me");

	private CorsPolicies() {
	}

	/** The token, revocation and userinfo endpoints and discovery: what SAS's chain answers cross-origin. */
	static Stream<String> protocolEndpoints(AuthorizationServerSettings settings) {
		return Stream.of(settings.getTokenEndpoint(), settings.getTokenRevocationEndpoint(),
				settings.getOidcUserInfoEndpoint(), "/.well-known/openid-configuration",
				"/.well-known/oauth-authorization-server");
	}

	/** CORS of the protocol endpoints (SAS's chain). */
	static CorsConfigurationSource protocol(AuthorizationServerSettings settings, ClientsProperties clients,
			CorsProperties cors) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(List.copyOf(bearerOrigins(clients, cors)));
		configuration.addAllowedMethod(HttpMethod.GET);
		configuration.addAllowedMethod(HttpMethod.POST);
		configuration.addAllowedHeader("Authorization");
		configuration.addAllowedHeader("Content-Type");
		configuration.addExposedHeader("WWW-Authenticate");
		configuration.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		protocolEndpoints(settings).forEach((path) -> source.registerCorsConfiguration(path, configuration));
		return source;
	}

	/**
	 * CORS of the application chain's {@code /api/**}: bearer-only for the admin API and
	 * {@code /api/auth/me} (an admin web app on a registered client's origin), credentialed for the rest.
	 * The first registered pattern that matches wins.
	 */
	static CorsConfigurationSource api(IssuerProperties issuer, ClientsProperties clients, CorsProperties cors) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		CorsConfiguration bearer = BrowserApiCors.forOrigins(bearerOrigins(clients, cors));
		BEARER_API.forEach((path) -> source.registerCorsConfiguration(path, bearer));
		source.registerCorsConfiguration("/api/**", cookies(issuer, cors));
		return source;
	}

	/**
	 * Credentialed CORS for the configured origins only (none by default: same-origin). The issuer's own
	 * origin is always allowed: behind a proxy that rewrites Host, a same-origin page would otherwise look
	 * cross-origin.
	 */
	private static CorsConfiguration cookies(IssuerProperties issuer, CorsProperties cors) {
		List<String> origins = new ArrayList<>(cors.allowedOrigins());
		origins.add(CookieOriginFilter.origin(issuer.uri()));
		CorsConfiguration configuration = BrowserApiCors.forOrigins(origins);
		configuration.setAllowCredentials(true);
		return configuration;
	}

	/** The configured origins and the public clients' redirect-URI origins. */
	private static Set<String> bearerOrigins(ClientsProperties clients, CorsProperties cors) {
		Set<String> origins = new LinkedHashSet<>(cors.allowedOrigins());
		origins.addAll(clients.publicClientOrigins());
		return origins;
	}

}
