package dev.tokenservice.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.issuer.TokenHashes;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.session.RefreshFamilies.Family;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions: a login starts a refresh family, and each refresh consumes the presented token and issues a
 * new pair in the same family. Of concurrent requests with one token exactly one wins; presenting a
 * consumed token again is taken as theft and revokes the family (unless it comes within the reuse
 * leeway). The rows are {@link RefreshFamilies}'; the decisions are here.
 */
@Service
public class RefreshTokenService {

	private static final Logger logger = LoggerFactory.getLogger(RefreshTokenService.class);

	private final RefreshFamilies families;

	private final UserTokens tokens;

	private final UserService users;

	private final KeyRingService keyRing;

	private final RefreshProperties refresh;

	private final Clock clock;

	private final RefreshTokenDecoder decoder;

	RefreshTokenService(RefreshFamilies families, UserTokens tokens, UserService users, KeyRingService keyRing,
			RefreshProperties refresh, IssuerProperties server, Clock clock) {
		this.families = families;
		this.tokens = tokens;
		this.users = users;
		this.keyRing = keyRing;
		this.refresh = refresh;
		this.clock = clock;
		this.decoder = new RefreshTokenDecoder(keyRing.verificationKeys(), server.uri().toString(),
				tokens.refreshAudience(), clock);
	}

	/** A login: a new family and its first pair of tokens, in one transaction. */
	@Transactional
	public IssuedTokens startSession(UserAccount user) {
		Instant now = this.clock.instant();
		String sid = UUID.randomUUID().toString();
		Instant absoluteExpiry = now.plus(this.refresh.absoluteLifetime());
		this.families.create(sid, user.id(), now, absoluteExpiry);
		return issuePair(user, sid, absoluteExpiry, now);
	}

	/**
	 * Rotation: the presented token is consumed and a new pair issued in the same family, in one
	 * transaction (one commit to wait for). A refusal keeps what it wrote: a reuse revokes the family.
	 */
	@Transactional(noRollbackFor = InvalidRefreshTokenException.class)
	public IssuedTokens rotate(String presented) {
		Jwt jwt = this.decoder.decode(presented);
		String sid = jwt.getClaimAsString("sid");
		String hash = TokenHashes.hash(presented);
		Instant now = this.clock.instant();
		// the stored ring, not this node's snapshot: a key revoked on another node counts before this node syncs
		boolean revokedKey = this.keyRing.isRevoked((String) jwt.getHeaders().get("kid"));
		boolean consumed = !revokedKey && this.families.consume(hash, sid, now);
		Family family = this.families.find(sid).orElseThrow(() -> new InvalidRefreshTokenException("Unknown session"));
		if (!consumed) {
			if (revokedKey) {
				// no sign of theft: the family stays
				throw new InvalidRefreshTokenException("The refresh token was signed by a revoked key");
			}
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
			revokeFamily(this.decoder.decode(presentedRefreshToken).getClaimAsString("sid"), "logout");
		}
		catch (InvalidRefreshTokenException ex) {
			logger.debug("Logout with an unusable refresh token");
		}
	}

	public void revokeFamily(String sid, String reason) {
		if (this.families.revoke(sid, reason, this.clock.instant())) {
			logger.info("Session {} revoked ({})", sid, reason);
		}
	}

	public int revokeAllOf(String userId, String reason) {
		int revoked = this.families.revokeAllOf(userId, reason, this.clock.instant());
		logger.info("{} sessions of user {} revoked ({})", revoked, userId, reason);
		return revoked;
	}

	/**
	 * Deletes what can no longer be used: refresh tokens past their {@code exp} (the decoder refuses them
	 * before any lookup, so reuse detection does not need them) and families past their absolute expiry.
	 * Hourly on every node: the deletes are idempotent, so nodes need no coordination.
	 */
	@Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.HOURS)
	public void purgeExpired() {
		this.families.purgeExpired(this.clock.instant());
	}

	/**
	 * The token was not consumed now: it was consumed before (reuse), or its family is over. A replay
	 * within the configured leeway gets a fresh pair; any other reuse revokes the family.
	 */
	private void refuseReplay(String hash, Family family, Instant now) {
		if (family.revokedAt() != null || !family.absoluteExpiresAt().isAfter(now)) {
			throw new InvalidRefreshTokenException("The session has ended");
		}
		Instant consumedAt = this.families.findToken(hash, family.id())
			.orElseThrow(() -> new InvalidRefreshTokenException("Unknown refresh token"))
			.consumedAt();
		if (consumedAt == null) {
			throw new InvalidRefreshTokenException("The refresh token cannot be used");
		}
		Duration leeway = this.refresh.reuseLeeway();
		if (!leeway.isZero() && consumedAt.plus(leeway).isAfter(now)) {
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
		this.families.addToken(TokenHashes.hash(refreshToken), sid, now, expiresAt);
		return new IssuedTokens(sid, this.tokens.accessToken(user, sid), this.tokens.accessTokenTimeToLive().toSeconds(),
				this.tokens.scope(), refreshToken, Duration.between(now, expiresAt).toSeconds(),
				Duration.between(now, absoluteExpiry).toSeconds());
	}

}
