package dev.tokenservice.web;

import java.util.Arrays;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one way this project builds a JWT decoder: RS256 only, keys from a {@link JWKSource}, and the
 * JOSE {@code typ} checked before the signature, so an access token is never taken for a refresh token
 * or the other way round. Callers add the claim validators of their token.
 */
public final class RsaJwtDecoders {

	private RsaJwtDecoders() {
	}

	/** A decoder that accepts only RS256 tokens whose {@code typ} is one of {@code types}. */
	public static NimbusJwtDecoder of(JWKSource<SecurityContext> keys, String... types) {
		JOSEObjectType[] accepted = Arrays.stream(types).map(JOSEObjectType::new).toArray(JOSEObjectType[]::new);
		return NimbusJwtDecoder.withJwkSource(keys)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.jwtProcessorCustomizer(
					(processor) -> processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(accepted)))
			.build();
	}

}
