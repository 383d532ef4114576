package dev.tokenservice.auth.web;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenservice.web.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that carries cookies and an {@code Origin} we do not trust is refused with 403: the
 * refresh cookie is SameSite=Strict already, this is the server-side half of CSRF protection for the
 * cookie endpoints (CSRF tokens would not fit an API whose other calls carry no cookies). Trusted:
 * the configured origins, the issuer's own origin, and same-origin requests (Origin equal to the
 * request's own scheme, host and port, which a cross-site page cannot fake).
 */
public class CookieOriginFilter extends OncePerRequestFilter {

	private final Set<String> trusted = new HashSet<>();

	private final ProblemResponses problems;

	public CookieOriginFilter(URI issuer, CorsProperties cors, ProblemResponses problems) {
		this.trusted.add(origin(issuer));
		cors.allowedOrigins().forEach((origin) -> this.trusted.add(normalize(origin)));
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && request.getHeader(HttpHeaders.COOKIE) != null && !this.trusted.contains(normalize(origin))
				&& CorsUtils.isCorsRequest(request)) {
			this.problems.write(request, response, HttpStatus.FORBIDDEN, "Cross-origin request from an untrusted origin");
			return;
		}
		chain.doFilter(request, response);
	}

	/** The origin of a URL, as browsers write it: scheme://host[:port], lowercase, no path. */
	public static String origin(URI uri) {
		int port = uri.getPort();
		return (uri.getScheme() + "://" + uri.getHost() + ((port == -1) ? "" : ":" + port)).toLowerCase(Locale.ROOT);
	}

	private static String normalize(String origin) {
		return origin.trim().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
	}

}
