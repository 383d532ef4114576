package dev.tokenservice.auth.keys;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the JWKS from the ring's snapshot: bytes prepared at the last change, an {@code ETag} (a
 * conditional GET gets 304) and a {@code Cache-Control} lifetime of one sync interval, the time a node
 * may lag behind the ring anyway. It answers before Spring Security and SAS's own JWKS filter, which
 * would serialise the key set again on every request; the path is SAS's, as discovery names it.
 */
public class JwksEndpointFilter extends OncePerRequestFilter {

	private final KeyRingService keyRing;

	private final String path;

	private final String cacheControl;

	public JwksEndpointFilter(KeyRingService keyRing, String path, Duration maxAge) {
		this.keyRing = keyRing;
		this.path = path;
		this.cacheControl = "public, max-age=" + maxAge.toSeconds();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !(HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method))
				|| !this.path.equals(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PublishedJwks jwks = this.keyRing.current().publishedJwks();
		response.setHeader(HttpHeaders.ETAG, jwks.etag());
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null && (ifNoneMatch.contains(jwks.etag()) || ifNoneMatch.trim().equals("*"))) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(jwks.json().length);
		if (HttpMethod.GET.matches(request.getMethod())) {
			response.getOutputStream().write(jwks.json());
		}
	}

}
