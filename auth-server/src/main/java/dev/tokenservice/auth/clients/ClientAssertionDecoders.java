package dev.tokenservice.auth.clients;

import java.net.MalformedURLException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The decoders SAS's {@link JwtClientAssertionAuthenticationProvider} checks a {@code private_key_jwt} client
 * assertion with (RFC 7523 §3, OpenID Connect Core §9), in place of SAS's {@code JwtClientAssertionDecoderFactory},
 * which knows only a JWK set URL, takes HMAC-signed assertions keyed by the client secret, accepts the
 * introspection, revocation and PAR endpoints as audiences and puts no bound on the lifetime or on replays.
 * <ul>
 * <li>keys: the client's inline JWK set ({@link ConfiguredClients#JWKS_SETTING}) or its JWK set URL
 * ({@link ClientSettings#getJwkSetUrl()}), fetched with short timeouts, cached five minutes, refetched on an
 * unknown {@code kid} at most every 30 seconds;</li>
 * <li>signature: {@link ClientKeys#ALGORITHMS} only (no {@code HS*}, no {@code none});</li>
 * <li>claims: {@code iss} = {@code sub} = the client id; every {@code aud} value the issuer or the token
 * endpoint URL; {@code exp}, {@code iat} and {@code jti} required; {@code exp - iat} at most
 * {@link #MAX_LIFETIME}; {@code exp}, {@code nbf} and {@code iat} within the clock skew;</li>
 * <li>{@code jti}: single-use ({@link UsedClientAssertions}), checked last, once everything else holds.</li>
 * </ul>
 * Any failure is a {@code JwtException}, which SAS answers with {@code invalid_client}. A decoder is kept
 * per client until that client's keys change.
 */
public class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

	/** The longest lifetime ({@code exp - iat}) of an accepted client assertion. */
	public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

	/** How long keys fetched from a client's JWK set URL are used before they are fetched again. */
	static final Duration REMOTE_KEYS_TIME_TO_LIVE = Duration.ofMinutes(5);

	/** The least time between two fetches of one client's JWK set URL (an unknown {@code kid} refetches). */
	static final Duration REMOTE_KEYS_RATE_LIMIT = Duration.ofSeconds(30);

	private static final int REMOTE_KEYS_TIMEOUT_MILLIS = 2_000;

	private static final int REMOTE_KEYS_SIZE_LIMIT = 64 * 1024;

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-3";

	private final Set<String> audiences;

	private final UsedClientAssertions used;

	private final Duration clockSkew;

	private final Clock clock;

	private final Map<String, Cached> decoders = new ConcurrentHashMap<>();

	private record Cached(String keys, JwtDecoder decoder) {
	}

	/**
	 * @param issuer the issuer identifier; it and {@code tokenEndpoint} are the only accepted audiences
	 * @param tokenEndpoint the token endpoint's URL
	 */
	public ClientAssertionDecoders(String issuer, String tokenEndpoint, UsedClientAssertions used,
			Duration clockSkew, Clock clock) {
		this.audiences = Set.of(issuer, tokenEndpoint);
		this.used = used;
		this.clockSkew = clockSkew;
		this.clock = clock;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		String inline = client.getClientSettings().getSetting(ConfiguredClients.JWKS_SETTING);
		String url = client.getClientSettings().getJwkSetUrl();
		if (inline == null && url == null) {
			throw invalidClient("the client has registered no public keys");
		}
		String keys = (inline != null) ? "jwks:" + inline : "url:" + url;
		return this.decoders.compute(client.getId(),
				(id, cached) -> (cached != null && cached.keys().equals(keys)) ? cached
						: new Cached(keys, singleUse(client.getClientId(), decoder(client, inline, url))))
			.decoder();
	}

	private JwtDecoder singleUse(String clientId, JwtDecoder decoder) {
		return (token) -> {
			Jwt assertion = decoder.decode(token);
			if (!this.used.use(clientId, assertion.getId(), assertion.getExpiresAt(), this.clock.instant())) {
				throw new BadJwtException("The client assertion was used already");
			}
			return assertion;
		};
	}

	private NimbusJwtDecoder decoder(RegisteredClient client, String inline, String url) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(new HashSet<>(ClientKeys.ALGORITHMS),
				(inline != null) ? inlineKeys(inline) : remoteKeys(url)));
		// no typ, JWT, or the typ of draft-ietf-oauth-rfc7523bis
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null,
				new JOSEObjectType("client-authentication+jwt")));
		// the claims are checked by the validators below, on this server's clock
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(validator(client.getClientId()));
		return decoder;
	}

	private static JWKSource<SecurityContext> inlineKeys(String jwks) {
		try {
			return new ImmutableJWKSet<>(ClientKeys.publicKeys(jwks).toPublicJWKSet());
		}
		catch (IllegalArgumentException ex) {
			throw invalidClient("the client's registered keys are not usable");
		}
	}

	private static JWKSource<SecurityContext> remoteKeys(String url) {
		try {
			return JWKSourceBuilder
				.create(new URL(ClientKeys.jwksUri(url).toString()),
						new DefaultResourceRetriever(REMOTE_KEYS_TIMEOUT_MILLIS, REMOTE_KEYS_TIMEOUT_MILLIS,
								REMOTE_KEYS_SIZE_LIMIT))
				.cache(REMOTE_KEYS_TIME_TO_LIVE.toMillis(), REMOTE_KEYS_TIMEOUT_MILLIS)
				.rateLimited(REMOTE_KEYS_RATE_LIMIT.toMillis())
				.build();
		}
		catch (IllegalArgumentException | MalformedURLException ex) {
			throw invalidClient("the client's JWK set URL is not usable");
		}
	}

	private OAuth2TokenValidator<Jwt> validator(String clientId) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(this.clockSkew);
		timestamps.setClock(this.clock);
		return new DelegatingOAuth2TokenValidator<>(new JwtClaimValidator<String>(JwtClaimNames.ISS, clientId::equals),
				new JwtClaimValidator<String>(JwtClaimNames.SUB, clientId::equals),
				new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && !aud.isEmpty() && this.audiences.containsAll(aud)),
				new JwtClaimValidator<String>(JwtClaimNames.JTI, (jti) -> jti != null && !jti.isBlank()),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, (exp) -> exp != null),
				new JwtClaimValidator<Instant>(JwtClaimNames.IAT,
						(iat) -> iat != null && !iat.isAfter(this.clock.instant().plus(this.clockSkew))),
				this::shortLived, timestamps);
	}

	private OAuth2TokenValidatorResult shortLived(Jwt assertion) {
		Instant issuedAt = assertion.getIssuedAt();
		Instant expiresAt = assertion.getExpiresAt();
		if (issuedAt != null && expiresAt != null
				&& Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"The client assertion lives longer than " + MAX_LIFETIME.toMinutes() + " minutes", ERROR_URI));
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2AuthenticationException invalidClient(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed: " + description,
						ERROR_URI));
	}

}
