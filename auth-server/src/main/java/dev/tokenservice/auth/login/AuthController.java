package dev.tokenservice.auth.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.session.InvalidRefreshTokenException;
import dev.tokenservice.auth.session.IssuedTokens;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.session.UserTokens;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.auth.users.UserView;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
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

	/** The parameter a sign-up's validation errors belong to. */
	private static final MethodParameter SIGNUP_BODY = signupBody();

	private final UserService users;

	private final PasswordLogin passwordLogin;

	private final RefreshTokenService sessions;

	private final RefreshCookies cookies;

	private final JwtDecoder accessTokenDecoder;

	private final UserTokens userTokens;

	private final SecurityEvents events;

	AuthController(UserService users, PasswordLogin passwordLogin, RefreshTokenService sessions,
			RefreshCookies cookies, JwtDecoder accessTokenDecoder, UserTokens userTokens, SecurityEvents events) {
		this.events = events;
		this.users = users;
		this.passwordLogin = passwordLogin;
		this.sessions = sessions;
		this.cookies = cookies;
		this.accessTokenDecoder = accessTokenDecoder;
		this.userTokens = userTokens;
	}

	@PostMapping("/signup")
	ResponseEntity<UserView> signup(@Valid @RequestBody SignupRequest request, BindingResult errors)
			throws MethodArgumentNotValidException {
		if (errors.hasErrors()) {
			// counted here, then the usual 400 of a request that fails its validation
			this.events.signupRejected();
			throw new MethodArgumentNotValidException(SIGNUP_BODY, errors);
		}
		UserAccount account = this.users.signUp(request.email(), request.password());
		return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(account));
	}

	@PostMapping("/login")
	ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		// the container's view of the peer: behind a proxy only with server.forward-headers-strategy set
		IssuedTokens tokens = this.passwordLogin.login(request.email(), request.password(), http.getRemoteAddr());
		return respond(tokens, request.deliverInBody());
	}

	/** The token comes from the body or, failing that, the cookie; the new one goes back the same way. */
	@PostMapping("/refresh")
	ResponseEntity<TokenResponse> refresh(@CookieValue(name = RefreshCookies.NAME, required = false) String cookie,
			@RequestBody(required = false) RefreshRequest body) {
		boolean inBody = body != null && body.refreshToken() != null;
		String presented = inBody ? body.refreshToken() : cookie;
		try {
			return respond(this.sessions.rotate(presented), inBody);
		}
		catch (InvalidRefreshTokenException ex) {
			if (!inBody) {
				// a dead cookie would only be sent again and again
				ex.getHeaders().add(HttpHeaders.SET_COOKIE, this.cookies.cleared().toString());
			}
			throw ex;
		}
	}

	/**
	 * Ends the session of the refresh token presented (body or cookie), or of the Bearer access token's
	 * {@code sid}. Always 204 and a cleared cookie: logging out twice, or with a dead token, is no error.
	 */
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
					this.sessions.revokeFamily(sid, RefreshTokenService.LOGOUT);
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
		if (!this.userTokens.clientId().equals(jwt.getClaimAsString("client_id"))) {
			// a backend service's client_credentials token: valid, but it names no user
			throw new NotAUserTokenException();
		}
		return this.users.find(jwt.getSubject()).map(UserView::of).orElseThrow(InvalidCredentialsException::new);
	}

	private static MethodParameter signupBody() {
		try {
			return new MethodParameter(
					AuthController.class.getDeclaredMethod("signup", SignupRequest.class, BindingResult.class), 0);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
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
