package dev.tokenservice.auth.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenservice.auth.authorization.TokenHashes;
import dev.tokenservice.auth.config.AuthServerProperties;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.web.RsaJwtDecoders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refresh families (one per login) and their rotating refresh tokens. The database holds only token
 * hashes. A rotation is one conditional UPDATE: of concurrent requests with one token exactly one
 * wins; presenting a consumed token again is taken as theft and revokes the family.
 */
@Service
public class RefreshTokenService {

	private static final Logger logger = LoggerFactory.getLogger(RefreshTokenService.class);

	private final JdbcClient jdbc;

	private final UserTokens tokens;

	private final UserService users;

	private final RefreshProperties refresh;

	private final Clock clock;

	private final NimbusJwtDecoder refreshDecoder;

	public RefreshTokenService(JdbcClient jdbc, UserTokens tokens, UserService users, RefreshProperties refresh,
			AuthServerProperties server, KeyRingService keyRing, Clock clock) {
		this.jdbc = jdbc;
		this.tokens = tokens;
		this.users = users;
		this.refresh = refresh;
		this.clock = clock;
		// retired keys still verify: a refresh token outlives the publication of the key that signed it
		JWKSource<SecurityContext> verificationKeys = (selector, context) -> selector
			.select(keyRing.current().verificationKeys());
		this.refreshDecoder = RsaJwtDecoders.of(verificationKeys, UserTokens.REFRESH_TOKEN_TYPE);
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
		timestamps.setClock(clock);
		this.refreshDecoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtTypeValidator(UserTokens.REFRESH_TOKEN_TYPE), new JwtIssuerValidator(server.uri().toString()),
				new JwtClaimValidator<List<String>>("aud",
						(aud) -> aud != null && aud.contains(this.tokens.refreshAudience())),
				new JwtClaimValidator<String>("sid", (sid) -> sid != null && !sid.isBlank()), timestamps));
	}

	/** A login: a new family and its first pair of tokens, in one transaction. */
	@Transactional
	public IssuedTokens startSession(UserAccount user) {
		Instant now = this.clock.instant();
		String sid = UUID.randomUUID().toString();
		Instant absoluteExpiry = now.plus(this.refresh.absoluteLifetime());
		this.jdbc
			.sql("insert into refresh_family (id, user_id, created_at, absolute_expires_at) values (?, ?, ?, ?)")
			.params(sid, user.id(), timestamp(now), timestamp(absoluteExpiry))
			.update();
		return issuePair(user, sid, absoluteExpiry, now);
	}

	/**
	 * Rotation: the presented token is consumed and a new pair issued in the same family, in one
	 * transaction (one commit to wait for). A refusal keeps what it wrote: a reuse revokes the family.
	 */
	@Transactional(noRollbackFor = InvalidRefreshTokenException.class)
	public IssuedTokens rotate(String presented) {
		Jwt jwt = decode(presented);
		String sid = jwt.getClaimAsString("sid");
		String kid = (String) jwt.getHeaders().get("kid");
		String hash = TokenHashes.hash(presented);
		Instant now = this.clock.instant();
		// the key check reads the stored ring: a key revoked on another node counts before this node syncs
		int consumed = this.jdbc.sql("""
				update refresh_token set consumed_at = ?
				where token_hash = ? and family_id = ? and consumed_at is null
				  and exists (select 1 from refresh_family f
				              where f.id = refresh_token.family_id and f.revoked_at is null and f.absolute_expires_at > ?)
				  and not exists (select 1 from signing_key k where k.kid = ? and k.state = 'revoked')
				""").params(timestamp(now), hash, sid, timestamp(now), kid).update();
		Family family = family(sid).orElseThrow(() -> new InvalidRefreshTokenException("Unknown session"));
		if (consumed == 0) {
			refuseRevokedKey(kid);
			refuseReplay(hash, family, now);
		}
		UserAccount user = this.users.find(family.userId()).filter(UserAccount::enabled).orElseThrow(() -> {
			logger.info("Refresh refused: user {} of session {} is disabled or gone", family.userId(), sid);
			return new InvalidRefreshTokenException("The account is disabled");
		});
		logger.debug("Session {} of user {} rotated", sid, user.id());
		return issuePair(user, sid, family.absoluteExpiresAt(), now);
	}

	/** Ends the family of a refresh token; an unusable token ends nothing (logout stays idempotent). */
	public void logout(String presentedRefreshToken) {
		try {
			revokeFamily(decode(presentedRefreshToken).getClaimAsString("sid"), "logout");
		}
		catch (InvalidRefreshTokenException ex) {
			logger.debug("Logout with an unusable refresh token");
		}
	}

	public void revokeFamily(String sid, String reason) {
		int revoked = this.jdbc
			.sql("update refresh_family set revoked_at = ?, revoked_reason = ? where id = ? and revoked_at is null")
			.params(timestamp(this.clock.instant()), reason, sid)
			.update();
		if (revoked > 0) {
			logger.info("Session {} revoked ({})", sid, reason);
		}
	}

	public int revokeAllOf(String userId, String reason) {
		int revoked = this.jdbc
			.sql("update refresh_family set revoked_at = ?, revoked_reason = ? where user_id = ? and revoked_at is null")
			.params(timestamp(this.clock.instant()), reason, userId)
			.update();
		logger.info("{} sessions of user {} revoked ({})", revoked, userId, reason);
		return revoked;
	}

	/**
	 * Deletes what can no longer be used: refresh tokens past their {@code exp} (the decoder refuses them
	 * before any lookup, so reuse detection does not need them) and families past their absolute expiry.
	 */
	public void purgeExpired() {
		Timestamp now = timestamp(this.clock.instant());
		int tokens = this.jdbc.sql("delete from refresh_token where expires_at < ?").param(now).update();
		int families = this.jdbc.sql("""
				delete from refresh_family where absolute_expires_at < ?
				and not exists (select 1 from refresh_token t where t.family_id = refresh_family.id)""")
			.param(now)
			.update();
		logger.debug("Purged {} expired refresh tokens and {} expired sessions", tokens, families);
	}

	/** A token signed by a revoked key is refused, and is no sign of theft: its family stays. */
	private void refuseRevokedKey(String kid) {
		boolean revoked = this.jdbc.sql("select count(*) from signing_key where kid = ? and state = 'revoked'")
			.param(kid)
			.query(Integer.class)
			.single() > 0;
		if (revoked) {
			throw new InvalidRefreshTokenException("The refresh token was signed by a revoked key");
		}
	}

	/**
	 * The token was not consumed now: it was consumed before (reuse), or its family is over. A replay
	 * within the configured leeway gets a fresh pair; any other reuse revokes the family.
	 */
	private void refuseReplay(String hash, Family family, Instant now) {
		if (family.revokedAt() != null || !family.absoluteExpiresAt().isAfter(now)) {
			throw new InvalidRefreshTokenException("The session has ended");
		}
		Optional<Instant> consumedAt = this.jdbc
			.sql("select consumed_at from refresh_token where token_hash = ? and family_id = ?")
			.params(hash, family.id())
			.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
			.optional()
			.orElseThrow(() -> new InvalidRefreshTokenException("Unknown refresh token"));
		if (consumedAt.isEmpty()) {
			throw new InvalidRefreshTokenException("The refresh token cannot be used");
		}
		Duration leeway = this.refresh.reuseLeeway();
		if (!leeway.isZero() && consumedAt.get().plus(leeway).isAfter(now)) {
			logger.info("Session {} of user {}: consumed refresh token replayed within the reuse leeway",
					family.id(), family.userId());
			return;
		}
		revokeFamily(family.id(), "reuse");
		logger.warn("Refresh token reuse detected: session {} of user {} revoked", family.id(), family.userId());
		throw new InvalidRefreshTokenException("The refresh token was already used; the session is revoked");
	}

	private IssuedTokens issuePair(UserAccount user, String sid, Instant absoluteExpiry, Instant now) {
		Instant idleExpiry = now.plus(this.refresh.idleTimeout());
		Instant expiresAt = idleExpiry.isBefore(absoluteExpiry) ? idleExpiry : absoluteExpiry;
		String refreshToken = this.tokens.refreshToken(user, sid, expiresAt);
		this.jdbc
			.sql("insert into refresh_token (token_hash, family_id, issued_at, expires_at) values (?, ?, ?, ?)")
			.params(TokenHashes.hash(refreshToken), sid, timestamp(now), timestamp(expiresAt))
			.update();
		return new IssuedTokens(sid, this.tokens.accessToken(user, sid), this.tokens.accessTokenTimeToLive().toSeconds(),
				this.tokens.scope(), refreshToken, Duration.between(now, expiresAt).toSeconds(),
				Duration.between(now, absoluteExpiry).toSeconds());
	}

	private Jwt decode(String token) {
		if (token == null || token.isBlank() || token.length() > 8192) {
			throw new InvalidRefreshTokenException("A refresh token is required");
		}
		try {
			return this.refreshDecoder.decode(token);
		}
		catch (JwtException ex) {
			throw new InvalidRefreshTokenException("The refresh token is invalid or expired");
		}
	}

	private Optional<Family> family(String sid) {
		return this.jdbc
			.sql("select id, user_id, absolute_expires_at, revoked_at from refresh_family where id = ?")
			.param(sid)
			.query((rs, row) -> new Family(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					Optional.ofNullable(rs.getTimestamp(4)).map(Timestamp::toInstant).orElse(null)))
			.optional();
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

	private record Family(String id, String userId, Instant absoluteExpiresAt, Instant revokedAt) {
	}

}
