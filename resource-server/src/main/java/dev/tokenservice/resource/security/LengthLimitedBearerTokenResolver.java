package dev.tokenservice.resource.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** Spring's resolver, but a token longer than any the issuer makes is refused before it is parsed. */
class LengthLimitedBearerTokenResolver implements BearerTokenResolver {

	private final DefaultBearerTokenResolver delegate = new DefaultBearerTokenResolver();

	private final int maxLength;

	private final TokenMetrics metrics;

	LengthLimitedBearerTokenResolver(int maxLength, TokenMetrics metrics) {
		this.maxLength = maxLength;
		this.metrics = metrics;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		String token = this.delegate.resolve(request);
		if (token != null && token.length() > this.maxLength) {
			this.metrics.rejected(TokenMetrics.RejectionReason.TOO_LONG);
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("The token is too large"));
		}
		return token;
	}

}
