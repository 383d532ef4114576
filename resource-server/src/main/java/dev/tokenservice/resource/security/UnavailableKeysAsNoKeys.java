package dev.tokenservice.resource.security;

import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the issuer's keys cannot be had (refetch rate limit reached by unknown kids, issuer down) a
 * token simply has no verifying key: 401 {@code invalid_token}. Without this, Spring treats a key
 * source failure as a server error and answers 500, which a flood of bogus kids could then force.
 */
class UnavailableKeysAsNoKeys implements JWKSource<SecurityContext> {

	private static final Logger logger = LoggerFactory.getLogger(UnavailableKeysAsNoKeys.class);

	private final JWKSource<SecurityContext> delegate;

	UnavailableKeysAsNoKeys(JWKSource<SecurityContext> delegate) {
		this.delegate = delegate;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		try {
			return this.delegate.get(selector, context);
		}
		catch (KeySourceException ex) {
			logger.debug("Issuer keys unavailable ({}); refusing the token", ex.getClass().getSimpleName());
			return List.of();
		}
	}

}
