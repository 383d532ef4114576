package dev.tokenservice.auth.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import dev.tokenservice.auth.session.InvalidRefreshTokenException;
import dev.tokenservice.auth.session.IssuedTokens;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.auth.users.UserView;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The first-party API of the tutorials: sign up, log in, refresh, log out, who am I. A browser keeps
 * the refresh token in an HttpOnly cookie; other clients ask for it in the body.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

	private final UserService users;

	private final RefreshTokenService sessions;

	private final LoginThrottle throttle;

	private final RefreshCookies cookies;

	private final JwtDecoder accessTokenDecoder;

	AuthController(UserService users, RefreshTokenService sessions, LoginThrottle throttle, RefreshCookies cookies,
			JwtDecoder accessTokenDecoder) {
		this.users = users;
		this.sessions = sessions;
		this.throttle = throttle;
		this.cookies = cookies;
		this.accessTokenDecoder = accessTokenDecoder;
	}

	@PostMapping("/signup")
	ResponseEntity<UserView> signup(@Valid @RequestBody SignupRequest request) {
		UserAccount account = this.users.signUp(request.email(), request.password());
		return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(account));
	}

	@PostMapping("/login")
	ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		String email = UserService.normalizeEmail(request.email());
		String address = http.getRemoteAddr();
		this.throttle.retryAfter(email, address).ifPresent((wait) -> {
			throw new LoginThrottledException(wait);
		});
		UserAccount account = this.users.authenticate(email, request.password()).orElseThrow(() -> {
			this.throttle.failed(email, address);
			return new InvalidCredentialsException();
		});
		if (!account.enabled()) {
			throw new AccountDisabledException();
		}
		this.throttle.succeeded(email);
		return respond(this.sessions.startSession(account), request.deliverInBody());
	}

	/** The token comes from the body or, failing that, the cookie; the new one goes back the same way. */
	@PostMapping("/refresh")
	ResponseEntity<?> refresh(@CookieValue(name = RefreshCookies.NAME, required = false) String cookie,
			@RequestBody(required = false) RefreshRequest body) {
		boolean inBody = body != null && body.refreshToken() != null;
		String presented = inBody ? body.refreshToken() : cookie;
		try {
			return respond(this.sessions.rotate(presented), inBody);
		}
		catch (InvalidRefreshTokenException ex) {
			ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			if (!inBody) {
				response.header(HttpHeaders.SET_COOKIE, this.cookies.cleared().toString());
			}
			return response.body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage()));
		}
	}

	/** Ends the session of the refresh token presented, or of the access token's {@code sid}. Idempotent. */
	@PostMapping("/logout")
	ResponseEntity<Void> logout(@CookieValue(name = RefreshCookies.NAME, required = false) String cookie,
			@RequestBody(required = false) RefreshRequest body,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		if (body != null && body.refreshToken() != null) {
			this.sessions.logout(body.refreshToken());
		}
		if (cookie != null && !cookie.isBlank()) {
			this.sessions.logout(cookie);
		}
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			try {
				String sid = this.accessTokenDecoder.decode(authorization.substring(7).trim()).getClaimAsString("sid");
				if (sid != null) {
					this.sessions.revokeFamily(sid, "logout");
				}
			}
			catch (JwtException ex) {
				// an expired or foreign access token ends nothing; logout still succeeds
			}
		}
		return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, this.cookies.cleared().toString()).build();
	}

	@GetMapping("/me")
	UserView me(@AuthenticationPrincipal Jwt jwt) {
		return this.users.find(jwt.getSubject()).map(UserView::of).orElseThrow(InvalidCredentialsException::new);
	}

	private ResponseEntity<TokenResponse> respond(IssuedTokens tokens, boolean inBody) {
		if (inBody) {
			return ResponseEntity.ok().body(TokenResponse.withRefreshToken(tokens));
		}
		return ResponseEntity.ok()
			.header(HttpHeaders.SET_COOKIE,
					this.cookies.of(tokens.refreshToken(), tokens.sessionExpiresIn()).toString())
			.body(TokenResponse.withoutRefreshToken(tokens));
	}

}
