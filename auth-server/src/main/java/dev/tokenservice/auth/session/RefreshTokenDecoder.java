package dev.tokenservice.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenservice.web.RsaJwtDecoders;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies a presented refresh token: signed by a key the issuer still honours (retired keys too: a
 * refresh token outlives the publication of the key that signed it), {@code typ} rt+jwt, this issuer,
 * the refresh endpoint as audience, a session id, not expired. Anything else is an
 * {@link InvalidRefreshTokenException}.
 */
class RefreshTokenDecoder {

	private static final int MAX_LENGTH = 8192;

	private final NimbusJwtDecoder decoder;

	RefreshTokenDecoder(JWKSource<SecurityContext> verificationKeys, String issuer, String audience, Clock clock) {
		this.decoder = RsaJwtDecoders.of(verificationKeys, UserTokens.REFRESH_TOKEN_TYPE);
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
		timestamps.setClock(clock);
		this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtTypeValidator(UserTokens.REFRESH_TOKEN_TYPE), new JwtIssuerValidator(issuer),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(audience)),
				new JwtClaimValidator<String>("sid", (sid) -> sid != null && !sid.isBlank()), timestamps));
	}

	Jwt decode(String token) {
		if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
			throw new InvalidRefreshTokenException("A refresh token is required");
		}
		try {
			return this.decoder.decode(token);
		}
		catch (JwtValidationException ex) {
			// the same answer either way; only the event counter tells an expired token from a bad one
			boolean expired = ex.getErrors()
				.stream()
				.anyMatch((error) -> error.getDescription() != null && error.getDescription().startsWith("Jwt expired"));
			throw expired ? new Expired() : new InvalidRefreshTokenException("The refresh token is invalid or expired");
		}
		catch (JwtException ex) {
			throw new InvalidRefreshTokenException("The refresh token is invalid or expired");
		}
	}

	/** A refresh token that was good until its {@code exp}. */
	static final class Expired extends InvalidRefreshTokenException {

		Expired() {
			super("The refresh token is invalid or expired");
		}

	}

}
