package dev.tokenservice.auth.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.issuer.TokensIssued;
import dev.tokenservice.auth.session.InvalidRefreshTokenException;
import dev.tokenservice.auth.session.IssuedTokens;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.session.UserTokens;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.auth.users.UserView;
import dev.tokenservice.web.OpenApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "auth", description = "Sign up, log in, refresh, log out, who am I (first-party clients)")
@SecurityScheme(name = RefreshCookies.NAME, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
		paramName = RefreshCookies.NAME, description = "The refresh token a browser keeps in an HttpOnly, SameSite=Strict "
				+ "cookie; a request that carries it must come from an allowed Origin")
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

	private final TokensIssued tokensIssued;

	AuthController(UserService users, PasswordLogin passwordLogin, RefreshTokenService sessions,
			RefreshCookies cookies, JwtDecoder accessTokenDecoder, UserTokens userTokens, SecurityEvents events,
			TokensIssued tokensIssued) {
		this.events = events;
		this.tokensIssued = tokensIssued;
		this.users = users;
		this.passwordLogin = passwordLogin;
		this.sessions = sessions;
		this.cookies = cookies;
		this.accessTokenDecoder = accessTokenDecoder;
		this.userTokens = userTokens;
	}

	@Operation(summary = "Create an account (role user)")
	@ApiResponse(responseCode = "201", description = "The new account")
	@ApiResponse(responseCode = "400", description = "Invalid email, or a password too weak (`errors` says why)")
	@ApiResponse(responseCode = "409", description = "An account with this email exists")
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

	@Operation(summary = "Log in with email and password", description = "The refresh token comes in the body "
			+ "(`refresh_token_delivery: body`) or in the HttpOnly refresh cookie (the default).")
	@ApiResponse(responseCode = "200", description = "An access token (and the refresh token, in the body or the cookie)")
	@ApiResponse(responseCode = "401", description = "Unknown email or wrong password (the same answer for both)")
	@ApiResponse(responseCode = "403", description = "The account is disabled")
	@ApiResponse(responseCode = "429", description = "Too many failed logins: retry after `Retry-After` seconds")
	@PostMapping("/login")
	ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		// the container's view of the peer: behind a proxy only with server.forward-headers-strategy set
		IssuedTokens tokens = this.passwordLogin.login(request.email(), request.password(), http.getRemoteAddr());
		this.tokensIssued.issued("password", this.userTokens.clientId());
		return respond(tokens, request.deliverInBody());
	}

	/** The token comes from the body or, failing that, the cookie; the new one goes back the same way. */
	@Operation(summary = "Trade a refresh token for new tokens (rotation)", description = "The refresh token "
			+ "from the body or, failing that, the cookie; presenting a rotated one revokes its whole family.")
	@SecurityRequirement(name = RefreshCookies.NAME)
	@ApiResponse(responseCode = "200", description = "New tokens, the refresh token delivered the way it came")
	@ApiResponse(responseCode = "401", description = "The refresh token is unknown, expired, revoked or reused")
	@ApiResponse(responseCode = "403", description = "The cookie came from an origin that is not allowed")
	@PostMapping("/refresh")
	ResponseEntity<TokenResponse> refresh(@CookieValue(name = RefreshCookies.NAME, required = false) String cookie,
			@RequestBody(required = false) RefreshRequest body) {
		boolean inBody = body != null && body.refreshToken() != null;
		String presented = inBody ? body.refreshToken() : cookie;
		try {
			IssuedTokens tokens = this.sessions.rotate(presented);
			this.tokensIssued.issued("refresh_token", this.userTokens.clientId());
			return respond(tokens, inBody);
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
	@Operation(summary = "End a session", description = "Ends the session of the refresh token in the body or the "
			+ "cookie, or of the Bearer access token's `sid`; a dead or missing token is no error.")
	@SecurityRequirement(name = RefreshCookies.NAME)
	@SecurityRequirement(name = OpenApiProblems.BEARER)
	@ApiResponse(responseCode = "204", description = "Logged out; the refresh cookie is cleared")
	@ApiResponse(responseCode = "403", description = "The cookie came from an origin that is not allowed")
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

	@Operation(summary = "The account of the access token's user")
	@SecurityRequirement(name = OpenApiProblems.BEARER)
	@ApiResponse(responseCode = "200", description = "The account")
	@ApiResponse(responseCode = "403", description = "A client's token (client_credentials): it names no user")
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
