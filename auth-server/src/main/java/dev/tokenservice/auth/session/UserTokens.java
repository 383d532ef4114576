package dev.tokenservice.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tokenservice.auth.issuer.AccessTokenClaims;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.issuer.TokensProperties;
import dev.tokenservice.auth.users.UserAccount;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Mints the tokens of logged-in users with the key ring's encoder. Not through SAS's JwtGenerator: it
 * needs a SAS request context these first-party endpoints do not have.
 */
@Component
public class UserTokens {

	/** The JOSE {@code typ} of refresh tokens: no resource server accepts it as an access token. */
	public static final String REFRESH_TOKEN_TYPE = "rt+jwt";

	private final JwtEncoder encoder;

	private final IssuerProperties server;

	private final TokensProperties tokens;

	private final FirstPartyProperties firstParty;

	private final Clock clock;

	public UserTokens(JwtEncoder encoder, IssuerProperties server, TokensProperties tokens,
			FirstPartyProperties firstParty, Clock clock) {
		this.encoder = encoder;
		this.server = server;
		this.tokens = tokens;
		this.firstParty = firstParty;
		this.clock = clock;
	}

	/** The {@code aud} of refresh tokens: this endpoint of the issuer, never a resource server. */
	public String refreshAudience() {
		return this.server.uri().toString().replaceAll("/+$", "") + "/api/auth/refresh";
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

	public String accessToken(UserAccount user, String sid) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.server.uri().toString())
			.subject(user.id())
			.audience(this.firstParty.audiences())
			.issuedAt(now)
			.expiresAt(now.plus(accessTokenTimeToLive()))
			.id(UUID.randomUUID().toString())
			.claim("client_id", this.firstParty.clientId())
			.claim("scope", scope())
			.claim("roles", user.roleList())
			.claim("email", user.email())
			.claim("sid", sid)
			.build();
		return encode(AccessTokenClaims.ACCESS_TOKEN_TYPE, claims);
	}

	public String refreshToken(UserAccount user, String sid, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.server.uri().toString())
			.subject(user.id())
			.audience(List.of(refreshAudience()))
			.issuedAt(this.clock.instant())
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim("sid", sid)
			.build();
		return encode(REFRESH_TOKEN_TYPE, claims);
	}

	private String encode(String type, JwtClaimsSet claims) {
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type(type).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
