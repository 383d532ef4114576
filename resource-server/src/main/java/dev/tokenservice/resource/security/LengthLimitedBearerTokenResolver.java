package dev.tokenservice.resource.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring's resolver, but a token longer than any the issuer makes is refused before it is parsed.
 * The common request, one well-formed {@code Authorization: Bearer} header and neither a query string
 * nor a form body (so no {@code access_token} parameter can compete with it), is answered without
 * Spring's regular expression and parameter parsing, with the very token Spring would return; every
 * other request goes to Spring's resolver, which decides and words the refusals.
 */
class LengthLimitedBearerTokenResolver implements BearerTokenResolver {

	private static final String PREFIX = "Bearer ";

	private final DefaultBearerTokenResolver delegate = new DefaultBearerTokenResolver();

	private final int maxLength;

	private final TokenMetrics metrics;

	LengthLimitedBearerTokenResolver(int maxLength, TokenMetrics metrics) {
		this.maxLength = maxLength;
		this.metrics = metrics;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		String token = plainHeaderToken(request);
		if (token == null) {
			token = this.delegate.resolve(request);
		}
		if (token != null && token.length() > this.maxLength) {
			this.metrics.rejected(TokenMetrics.RejectionReason.TOO_LONG);
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("The token is too large"));
		}
		return token;
	}

	/**
	 * The token of the header when Spring's resolver would return exactly it: the header matches its
	 * {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$} (case-insensitively), and the request can carry no
	 * {@code access_token} parameter. Otherwise null (Spring's resolver then decides).
	 */
	static String plainHeaderToken(HttpServletRequest request) {
		if (request.getQueryString() != null || request.getContentType() != null) {
			return null;
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.length() <= PREFIX.length()
				|| !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		int end = header.length();
		while (end > PREFIX.length() && header.charAt(end - 1) == '=') {
			end--;
		}
		if (end == PREFIX.length()) {
			return null;
		}
		for (int i = PREFIX.length(); i < end; i++) {
			if (!tokenChar(header.charAt(i))) {
				return null;
			}
		}
		return header.substring(PREFIX.length());
	}

	private static boolean tokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
