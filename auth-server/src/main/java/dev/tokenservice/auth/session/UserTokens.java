package dev.tokenservice.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tokenservice.auth.issuer.AccessTokenClaims;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.issuer.TokensProperties;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.users.UserAccount;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;

/**
 * Mints the tokens of logged-in users with the key ring's active key, for the first-party API and for the
 * authorization-code flow alike (one set of claims). Not through SAS's JwtGenerator: it needs a SAS
 * request context the first-party endpoints do not have; and not through Spring's {@code JwtEncoder}
 * either: {@link ActiveKeySigner} signs with Nimbus directly (a refresh signs two tokens).
 */
@Component
public class UserTokens {

	/** The JOSE {@code typ} of refresh tokens: no resource server accepts it as an access token. */
	public static final String REFRESH_TOKEN_TYPE = "rt+jwt";

	private final ActiveKeySigner signer;

	private final IssuerProperties server;

	private final TokensProperties tokens;

	private final FirstPartyProperties firstParty;

	private final AuthorizationServerSettings settings;

	private final Clock clock;

	public UserTokens(KeyRingService keyRing, IssuerProperties server, TokensProperties tokens,
			FirstPartyProperties firstParty, AuthorizationServerSettings settings, Clock clock) {
		this.settings = settings;
		this.signer = new ActiveKeySigner(keyRing);
		this.server = server;
		this.tokens = tokens;
		this.firstParty = firstParty;
		this.clock = clock;
	}

	/** The {@code aud} of first-party refresh tokens: this endpoint of the issuer, never a resource server. */
	public String refreshAudience() {
		return issuerBase() + "/api/auth/refresh";
	}

	/** The {@code aud} of the refresh tokens of registered clients: the issuer's token endpoint. */
	public String tokenEndpointAudience() {
		return issuerBase() + this.settings.getTokenEndpoint();
	}

	/** The {@code client_id} of every first-party access token. */
	public String clientId() {
		return this.firstParty.clientId();
	}

	public String scope() {
		return AccessTokenClaims.scope(this.firstParty.scopes());
	}

	public Duration accessTokenTimeToLive() {
		return this.tokens.accessTokenTimeToLive();
	}

	/** What the first-party front ends get: the same for every user. */
	public UserGrant firstPartyGrant() {
		return new UserGrant(this.firstParty.clientId(), this.firstParty.audiences(),
				Set.copyOf(this.firstParty.scopes()), this.tokens.accessTokenTimeToLive(), true);
	}

	/**
	 * Every access token of a user, first-party or of a registered client: RFC 9068 ({@code typ at+jwt}),
	 * {@code sub} the user id, {@code sid} the session (refresh family).
	 */
	public Jwt accessToken(UserAccount user, String sid, UserGrant grant) {
		return accessToken(user, sid, grant, null, Map.of());
	}

	/**
	 * A user's access token that expires no later than {@code notAfter} (when not null) and carries
	 * {@code extraClaims} besides the usual ones: a token exchange's {@code act} (RFC 8693 §4.1).
	 */
	public Jwt accessToken(UserAccount user, String sid, UserGrant grant, Instant notAfter,
			Map<String, Object> extraClaims) {
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(grant.lifetime());
		if (notAfter != null && notAfter.isBefore(expiresAt)) {
			expiresAt = notAfter;
		}
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.server.uri().toString())
			.subject(user.id())
			// ArrayLists: SAS stores these claims with Jackson, whose allow-list refuses the JDK's immutable lists
			.audience(new ArrayList<>(grant.audiences()))
			.issuedAt(now)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim("client_id", grant.clientId())
			.claim("scope", AccessTokenClaims.scope(grant.scopes()))
			.claim("roles", new ArrayList<>(user.roleList()))
			.claim("sid", sid);
		if (grant.email()) {
			claims.claim("email", user.email());
		}
		extraClaims.forEach(claims::claim);
		return encode(AccessTokenClaims.ACCESS_TOKEN_TYPE, claims.build());
	}

	/**
	 * A refresh token: {@code aud} the endpoint that takes it back, so a first-party token is refused at
	 * the token endpoint and the other way round; {@code client_id} when a registered client holds it.
	 */
	public Jwt refreshToken(UserAccount user, String sid, String clientId, Instant expiresAt) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.server.uri().toString())
			.subject(user.id())
			.audience(new ArrayList<>(List.of((clientId != null) ? tokenEndpointAudience() : refreshAudience())))
			.issuedAt(this.clock.instant())
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim("sid", sid);
		if (clientId != null) {
			claims.claim("client_id", clientId);
		}
		return encode(REFRESH_TOKEN_TYPE, claims.build());
	}

	private String issuerBase() {
		return this.server.uri().toString().replaceAll("/+$", "");
	}

	private Jwt encode(String type, JwtClaimsSet claims) {
		return this.signer.sign(type, claims);
	}

}
