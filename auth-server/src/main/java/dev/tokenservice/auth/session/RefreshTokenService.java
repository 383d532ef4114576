package dev.tokenservice.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.audit.SecurityEvents.RefreshOutcome;
import dev.tokenservice.auth.issuer.AccessTokenClaims;
import dev.tokenservice.auth.issuer.ExpiredRows;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.issuer.TokenHashes;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.session.RefreshFamilies.Family;
import dev.tokenservice.auth.users.UserAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
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
public class RefreshTokenService implements ExpiredRows {

	/** The reason of a session its user ended. */
	public static final String LOGOUT = "logout";

	/** The reason of a session ended because a consumed refresh token came back. */
	public static final String REUSE = "reuse";

	private static final Logger logger = LoggerFactory.getLogger(RefreshTokenService.class);

	private final RefreshFamilies families;

	private final UserTokens tokens;

	private final RefreshProperties refresh;

	private final Clock clock;

	private final RefreshTokenDecoder decoder;

	private final RefreshTokenDecoder clientDecoder;

	private final SecurityEvents events;

	RefreshTokenService(RefreshFamilies families, UserTokens tokens, KeyRingService keyRing,
			RefreshProperties refresh, IssuerProperties server, Clock clock, SecurityEvents events) {
		this.families = families;
		this.events = events;
		this.tokens = tokens;
		this.refresh = refresh;
		this.clock = clock;
		this.decoder = new RefreshTokenDecoder(keyRing, server.uri().toString(), tokens.refreshAudience(), clock);
		this.clientDecoder = new RefreshTokenDecoder(keyRing, server.uri().toString(),
				tokens.tokenEndpointAudience(), clock);
	}

	/** A login: a new family and its first pair of tokens, in one transaction. */
	@Transactional
	public IssuedTokens startSession(UserAccount user) {
		Instant now = this.clock.instant();
		String sid = UUID.randomUUID().toString();
		Instant absoluteExpiry = now.plus(this.refresh.absoluteLifetime());
		this.families.create(sid, user.id(), null, null, now, absoluteExpiry);
		return issuePair(user, sid, absoluteExpiry, now);
	}

	/**
	 * A code exchange of a registered client: a family bound to the client, with the scopes the user
	 * granted, whose id is the authorization's (the {@code sid} of its tokens); its first refresh token.
	 */
	@Transactional
	public OAuth2RefreshToken startClientSession(UserAccount user, String sid, String clientId,
			Collection<String> scopes) {
		Instant now = this.clock.instant();
		Instant absoluteExpiry = now.plus(this.refresh.absoluteLifetime());
		this.families.create(sid, user.id(), clientId, AccessTokenClaims.scope(scopes), now, absoluteExpiry);
		Jwt refreshToken = newRefreshToken(user, sid, clientId, absoluteExpiry, now);
		logger.info("Session {} of user {} started for client {}", sid, user.id(), clientId);
		return new OAuth2RefreshToken(refreshToken.getTokenValue(), refreshToken.getIssuedAt(),
				refreshToken.getExpiresAt());
	}

	/**
	 * Rotation: the presented token is consumed and a new pair issued in the same family, in one
	 * transaction (one commit to wait for). A refusal keeps what it wrote: a reuse revokes the family.
	 * Only first-party families: a registered client's refresh token is refused and consumes nothing.
	 */
	@Transactional(noRollbackFor = InvalidRefreshTokenException.class)
	public IssuedTokens rotate(String presented) {
		Rotation rotation = consume(decode(this.decoder, presented), presented, null, Set.of());
		return pair(rotation.user(), rotation.family().id(), rotation.family().absoluteExpiresAt(), rotation.now(),
				rotation.refreshToken());
	}

	/**
	 * Rotation at the token endpoint, for the client the request authenticated: the same rules as the
	 * first-party {@link #rotate}, and the family must be that client's (another client's token is
	 * refused and consumes nothing). {@code requestedScopes} empty keeps the granted scopes; otherwise
	 * they narrow them for this access token ({@link ScopeNotGrantedException} if they would widen them).
	 * {@code grant} gives the client's access-token settings for the scopes of this token.
	 */
	@Transactional(noRollbackFor = { InvalidRefreshTokenException.class, ScopeNotGrantedException.class })
	public ClientTokens rotateForClient(String presented, String clientId, Set<String> requestedScopes,
			Function<Set<String>, UserGrant> grant) {
		Rotation rotation = consume(decode(this.clientDecoder, presented), presented, clientId, requestedScopes);
		Family family = rotation.family();
		Jwt refreshToken = rotation.refreshToken();
		Jwt accessToken = this.tokens.accessToken(rotation.user(), family.id(), grant.apply(rotation.scopes()));
		return new ClientTokens(accessToken, rotation.scopes(), new OAuth2RefreshToken(refreshToken.getTokenValue(),
				refreshToken.getIssuedAt(), refreshToken.getExpiresAt()));
	}

	/**
	 * RFC 7009 for a registered client's refresh token: its family ends when {@code clientId} is the
	 * client it belongs to; another client's token ends nothing. False when the token is not one of this
	 * issuer's client refresh tokens (someone else may know it: an access token).
	 */
	public boolean revokeForClient(String presented, String clientId) {
		String sid;
		try {
			sid = this.clientDecoder.decode(presented).sid();
		}
		catch (InvalidRefreshTokenException ex) {
			return false;
		}
		this.families.find(sid).ifPresent((family) -> {
			if (clientId.equals(family.clientId())) {
				revokeFamily(sid, "revocation");
			}
			else {
				logger.info("Revocation of session {} by client {} ignored: not its session", sid, clientId);
			}
		});
		return true;
	}

	/** Whether the session (family) of a {@code sid} is neither revoked nor past its absolute lifetime. */
	public boolean isLive(String sid) {
		return sid != null && this.families.find(sid).filter((family) -> family.isLive(this.clock.instant())).isPresent();
	}

	/** A refresh token to rotate; an expired one is counted. */
	private RefreshTokenDecoder.Presented decode(RefreshTokenDecoder decoder, String presented) {
		try {
			return decoder.decode(presented);
		}
		catch (RefreshTokenDecoder.Expired ex) {
			this.events.refreshed(RefreshOutcome.EXPIRED);
			throw ex;
		}
	}

	/**
	 * The checks shared by both channels, then the conditional update of which one caller wins. The
	 * family's binding and the scopes are checked before anything is consumed. One query reads the
	 * family, its user and the state of the signing key; the user must be enabled once the token is
	 * consumed.
	 */
	private Rotation consume(RefreshTokenDecoder.Presented jwt, String presented, String clientId,
			Set<String> requestedScopes) {
		String sid = jwt.sid();
		RefreshFamilies.ForRotation read = this.families.findForRotation(sid, jwt.kid())
			.orElseThrow(() -> new InvalidRefreshTokenException("Unknown session"));
		Family bound = read.family();
		if (!Objects.equals(bound.clientId(), clientId)) {
			logger.info("Refresh refused: session {} belongs to client {}, presented by {}", sid,
					(bound.clientId() != null) ? bound.clientId() : "first-party",
					(clientId != null) ? clientId : "first-party");
			throw new InvalidRefreshTokenException("The refresh token was not issued to this client");
		}
		Set<String> scopes = narrowed(bound, requestedScopes);
		String hash = TokenHashes.hash(presented);
		Instant now = this.clock.instant();
		// the stored ring, not this node's snapshot: a key revoked on another node counts before this node syncs
		if (read.keyRevoked()) {
			// no sign of theft: the family stays, the token is not consumed
			this.events.refreshed(RefreshOutcome.REVOKED);
			throw new InvalidRefreshTokenException("The refresh token was signed by a revoked key");
		}
		UserAccount user = read.user();
		if (user == null || !user.enabled()) {
			// consumed all the same (a reuse still revokes the family), then refused
			if (!this.families.consume(hash, sid, now)) {
				refuseReplay(hash, this.families.find(sid).orElse(bound), now);
			}
			logger.info("Refresh refused: user {} of session {} is disabled or gone", bound.userId(), sid);
			throw new InvalidRefreshTokenException("The account is disabled");
		}
		// signed before the statement that consumes the presented token and stores the new one's hash
		Signed next = signRefreshToken(user, sid, clientId, bound.absoluteExpiresAt(), now);
		Family family = bound;
		if (!this.families.rotate(hash, sid, now, next.hash(), next.expiresAt())) {
			family = this.families.find(sid).orElse(bound);
			// returns only for a replay within the reuse leeway, which gets a fresh pair all the same
			refuseReplay(hash, family, now);
			this.families.addToken(next.hash(), sid, now, next.expiresAt());
		}
		logger.debug("Session {} of user {} rotated", sid, user.id());
		// a counter only: the plain rotation writes no audit row
		this.events.refreshed(RefreshOutcome.ROTATED);
		return new Rotation(user, family, scopes, now, next.token());
	}

	private static Set<String> narrowed(Family family, Set<String> requested) {
		Set<String> granted = (family.scope() == null || family.scope().isBlank()) ? Set.of()
				: Set.of(family.scope().trim().split("\\s+"));
		if (requested.isEmpty()) {
			return granted;
		}
		if (!granted.containsAll(requested)) {
			throw new ScopeNotGrantedException();
		}
		return Set.copyOf(requested);
	}

	/**
	 * Ends the family of a refresh token; an unusable token ends nothing (logout stays idempotent). The
	 * revocation and its {@code logout} audit row commit together.
	 */
	@Transactional
	public void logout(String presentedRefreshToken) {
		try {
			revokeFamily(this.decoder.decode(presentedRefreshToken).sid(), LOGOUT);
		}
		catch (InvalidRefreshTokenException ex) {
			logger.debug("Logout with an unusable refresh token");
		}
	}

	/**
	 * Ends a session if it is live, with its audit row in the same transaction: {@code logout} for
	 * {@link #LOGOUT} (by its user), {@code refresh.reuse_detected} for {@link #REUSE}, else
	 * {@code session.revoked} by the client the session belongs to (RFC 7009 revocation, a replayed
	 * code) with the reason as outcome.
	 */
	@Transactional
	public void revokeFamily(String sid, String reason) {
		Optional<Family> family = (sid != null) ? this.families.find(sid) : Optional.empty();
		if (family.isPresent() && this.families.revoke(sid, reason, this.clock.instant())) {
			logger.info("Session {} revoked ({})", sid, reason);
			String userId = family.get().userId();
			switch (reason) {
				case LOGOUT -> this.events.loggedOut(userId, sid);
				case REUSE -> this.events.refreshReuseDetected(userId, sid);
				default -> this.events.sessionRevoked((family.get().clientId() != null)
						? SecurityEvents.client(family.get().clientId()) : SecurityEvents.user(userId),
						SecurityEvents.session(sid), reason);
			}
		}
	}

	/**
	 * Ends every session of a user. With an {@code actor} (an admin, {@code system}) a
	 * {@code session.revoked} row with the reason as outcome commits with the revocation; without one the
	 * caller's own row covers it (disabling a user).
	 */
	@Transactional
	public int revokeAllOf(String userId, String reason, String actor) {
		int revoked = this.families.revokeAllOf(userId, reason, this.clock.instant());
		logger.info("{} sessions of user {} revoked ({})", revoked, userId, reason);
		if (actor != null) {
			this.events.sessionRevoked(actor, SecurityEvents.user(userId), reason);
		}
		return revoked;
	}

	/**
	 * Deletes what can no longer be used: refresh tokens past their {@code exp} (the decoder refuses them
	 * before any lookup, so reuse detection does not need them) and families past their absolute expiry.
	 */
	@Override
	public int purge(Instant now) {
		return this.families.purgeExpired(now);
	}

	@Override
	public String name() {
		return "refresh-token";
	}

	/**
	 * The token was not consumed now: it was consumed before (reuse), or its family is over. A replay
	 * within the configured leeway gets a fresh pair; any other reuse revokes the family.
	 */
	private void refuseReplay(String hash, Family family, Instant now) {
		if (family.revokedAt() != null || !family.absoluteExpiresAt().isAfter(now)) {
			this.events.refreshed((family.revokedAt() != null) ? RefreshOutcome.REVOKED : RefreshOutcome.EXPIRED);
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
		revokeFamily(family.id(), REUSE);
		logger.warn("Refresh token reuse detected: session {} of user {} revoked", family.id(), family.userId());
		throw new InvalidRefreshTokenException("The refresh token was already used; the session is revoked");
	}

	private IssuedTokens issuePair(UserAccount user, String sid, Instant absoluteExpiry, Instant now) {
		return pair(user, sid, absoluteExpiry, now, newRefreshToken(user, sid, null, absoluteExpiry, now));
	}

	private IssuedTokens pair(UserAccount user, String sid, Instant absoluteExpiry, Instant now, Jwt refreshToken) {
		return new IssuedTokens(sid, this.tokens.accessToken(user, sid, this.tokens.firstPartyGrant()).getTokenValue(),
				this.tokens.accessTokenTimeToLive().toSeconds(), this.tokens.scope(), refreshToken.getTokenValue(),
				Duration.between(now, refreshToken.getExpiresAt()).toSeconds(),
				Duration.between(now, absoluteExpiry).toSeconds());
	}

	/** A refresh token of the family, stored by hash: idle timeout, capped by the absolute lifetime. */
	private Jwt newRefreshToken(UserAccount user, String sid, String clientId, Instant absoluteExpiry, Instant now) {
		Signed refreshToken = signRefreshToken(user, sid, clientId, absoluteExpiry, now);
		this.families.addToken(refreshToken.hash(), sid, now, refreshToken.expiresAt());
		return refreshToken.token();
	}

	/** A refresh token of the family, not stored yet: idle timeout, capped by the absolute lifetime. */
	private Signed signRefreshToken(UserAccount user, String sid, String clientId, Instant absoluteExpiry,
			Instant now) {
		Instant idleExpiry = now.plus(this.refresh.idleTimeout());
		Instant expiresAt = idleExpiry.isBefore(absoluteExpiry) ? idleExpiry : absoluteExpiry;
		Jwt refreshToken = this.tokens.refreshToken(user, sid, clientId, expiresAt);
		return new Signed(refreshToken, TokenHashes.hash(refreshToken.getTokenValue()), expiresAt);
	}

	/** A signed refresh token, the hash it is stored by and its expiry. */
	private record Signed(Jwt token, String hash, Instant expiresAt) {
	}

	/** A rotation's outcome: who, which family, the scopes of the new access token, when, the new refresh token. */
	private record Rotation(UserAccount user, Family family, Set<String> scopes, Instant now, Jwt refreshToken) {
	}

	/** What a rotation at the token endpoint gives the client. */
	public record ClientTokens(Jwt accessToken, Set<String> scopes, OAuth2RefreshToken refreshToken) {

		@Override
		public String toString() {
			return "ClientTokens[scopes=" + this.scopes + ", tokens hidden]";
		}

	}

}
