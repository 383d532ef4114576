package dev.tokenservice.resource.security;

import java.text.ParseException;
import java.util.Locale;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jwt.JWTParser;
import dev.tokenservice.resource.security.TokenMetrics.RejectionReason;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Counts each token the verifier refuses under one {@link RejectionReason}, read from what Spring and
 * Nimbus say when they refuse it; the exception goes on unchanged. Only refusals pay for the
 * classification.
 */
final class RejectionCountingDecoder implements JwtDecoder {

	private final JwtDecoder verifier;

	private final TokenMetrics metrics;

	RejectionCountingDecoder(JwtDecoder verifier, TokenMetrics metrics) {
		this.verifier = verifier;
		this.metrics = metrics;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		try {
			return this.verifier.decode(token);
		}
		catch (JwtException ex) {
			this.metrics.rejected(reason(token, ex));
			throw ex;
		}
	}

	static RejectionReason reason(String token, JwtException ex) {
		if (ex instanceof JwtValidationException invalid) {
			return invalid.getErrors().stream().findFirst().map(RejectionCountingDecoder::reason)
				.orElse(RejectionReason.OTHER);
		}
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ParseException) {
				return RejectionReason.MALFORMED;
			}
			if (cause instanceof BadJWSException) {
				return RejectionReason.BAD_SIGNATURE;
			}
		}
		String message = lower(ex.getMessage());
		if (message.contains("typ")) {
			return RejectionReason.WRONG_TYPE;
		}
		if (message.contains("unsigned")) {
			return RejectionReason.WRONG_ALGORITHM;
		}
		if (message.contains("no matching key") || message.contains("another algorithm")) {
			return JWSAlgorithm.RS256.equals(algorithm(token)) ? RejectionReason.UNKNOWN_KID
					: RejectionReason.WRONG_ALGORITHM;
		}
		if (message.contains("malformed")) {
			return RejectionReason.MALFORMED;
		}
		return RejectionReason.OTHER;
	}

	/** Spring's validators: the timestamp validator's words, or the claim a claim validator names. */
	private static RejectionReason reason(OAuth2Error error) {
		String description = lower(error.getDescription());
		if (description.contains("expired")) {
			return RejectionReason.EXPIRED;
		}
		if (description.contains("used before")) {
			return RejectionReason.NOT_YET_VALID;
		}
		if (description.contains("iss claim")) {
			return RejectionReason.WRONG_ISSUER;
		}
		if (description.contains("aud claim")) {
			return RejectionReason.WRONG_AUDIENCE;
		}
		if (description.contains("typ")) {
			return RejectionReason.WRONG_TYPE;
		}
		if (description.contains("claim") || description.contains("must have a value")) {
			return RejectionReason.MISSING_CLAIM;
		}
		return RejectionReason.OTHER;
	}

	private static Object algorithm(String token) {
		try {
			return JWTParser.parse(token).getHeader().getAlgorithm();
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static String lower(String text) {
		return (text != null) ? text.toLowerCase(Locale.ROOT) : "";
	}

}
