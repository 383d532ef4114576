package dev.tokenservice.auth.browser;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenservice.auth.browser.LoginSessions.LoginSession;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.util.WebUtils;

/**
 * The browser login as Spring Security's {@link SecurityContextRepository}, in place of the HTTP
 * session: the {@code AUTH_SESSION} cookie names a {@code login_session} row, from which every request
 * gets back its {@link Authentication} (name = user id, {@code ROLE_*}, and {@code FACTOR_PASSWORD}
 * issued at the login, which SAS turns into {@code auth_time}). A disabled or deleted user's session
 * counts for nothing and is ended. Saving an authentication (a login, a sign-up) always starts a new
 * session and replaces the cookie (no fixation); saving an empty context (logout) ends it.
 */
@Component
public class BrowserSessions implements SecurityContextRepository, LogoutHandler {

	public static final String COOKIE = "AUTH_SESSION";

	private static final Logger logger = LoggerFactory.getLogger(BrowserSessions.class);

	/** The authentication this request restored from its cookie: saving it again starts nothing. */
	private static final String RESTORED = BrowserSessions.class.getName() + ".RESTORED";

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	private final LoginSessions sessions;

	private final UserService users;

	private final Clock clock;

	private final boolean secure;

	BrowserSessions(LoginSessions sessions, UserService users, Clock clock, IssuerProperties issuer) {
		this.sessions = sessions;
		this.users = users;
		this.clock = clock;
		this.secure = "https".equalsIgnoreCase(issuer.uri().getScheme());
	}

	/** The authentication of a user who proved their password at {@code authenticatedAt}. */
	public static UsernamePasswordAuthenticationToken authentication(UserAccount account, Instant authenticatedAt) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		account.roleList().forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
			.issuedAt(authenticatedAt)
			.build());
		return UsernamePasswordAuthenticationToken.authenticated(account.id(), null, authorities);
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		Supplier<SecurityContext> context = SingletonSupplier.of(() -> load(request));
		return new DeferredSecurityContext() {

			@Override
			public SecurityContext get() {
				return context.get();
			}

			@Override
			public boolean isGenerated() {
				return context.get().getAuthentication() == null;
			}

		};
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
		return load(requestResponseHolder.getRequest());
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return cookieValue(request).isPresent();
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		Authentication authentication = context.getAuthentication();
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			end(request, response);
			return;
		}
		if (authentication == request.getAttribute(RESTORED)
				|| !(authentication instanceof UsernamePasswordAuthenticationToken)) {
			// only a user's sign-in starts a login session: a client authenticated at the token endpoint
			// or a Bearer token at userinfo is this request's alone (a row and a cookie each would be waste)
			return;
		}
		// a new login: whatever session the browser presented is over, and the cookie is a new one
		cookieValue(request).ifPresent(this.sessions::delete);
		Instant authenticatedAt = authenticatedAt(authentication);
		String value = this.sessions.create(authentication.getName(), authenticatedAt);
		request.setAttribute(RESTORED, authentication);
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(value).build().toString());
		logger.info("Browser login session started for user {}", authentication.getName());
	}

	/** Logout: the presented session ends and the cookie is cleared. */
	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		end(request, response);
	}

	/** Ends every browser login of a user (e.g. all their sessions revoked by an admin). */
	public int endAllOf(String userId) {
		return this.sessions.deleteAllOf(userId);
	}

	private void end(HttpServletRequest request, HttpServletResponse response) {
		Optional<String> value = cookieValue(request);
		if (value.isEmpty()) {
			return;
		}
		this.sessions.delete(value.get());
		request.removeAttribute(RESTORED);
		if (response != null) {
			response.addHeader(HttpHeaders.SET_COOKIE, cookie("").maxAge(0).build().toString());
		}
		logger.info("Browser login session ended");
	}

	private SecurityContext load(HttpServletRequest request) {
		SecurityContext context = this.holder.createEmptyContext();
		Optional<String> value = cookieValue(request);
		if (value.isEmpty()) {
			return context;
		}
		Optional<LoginSession> session = this.sessions.use(value.get());
		if (session.isEmpty()) {
			return context;
		}
		Optional<UserAccount> account = this.users.find(session.get().userId()).filter(UserAccount::enabled);
		if (account.isEmpty()) {
			logger.info("Browser login session of user {} refused: the account is disabled or gone",
					session.get().userId());
			this.sessions.delete(value.get());
			return context;
		}
		Authentication authentication = authentication(account.get(), session.get().authenticatedAt());
		request.setAttribute(RESTORED, authentication);
		context.setAuthentication(authentication);
		return context;
	}

	private Instant authenticatedAt(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.filter(FactorGrantedAuthority.class::isInstance)
			.map(FactorGrantedAuthority.class::cast)
			.filter((factor) -> FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(factor.getAuthority()))
			.map(FactorGrantedAuthority::getIssuedAt)
			.findFirst()
			.orElseGet(this.clock::instant);
	}

	private ResponseCookie.ResponseCookieBuilder cookie(String value) {
		// Lax, not Strict: the client's top-level redirect to /oauth2/authorize must carry it. No Max-Age:
		// closing the browser ends the login; the row's idle and absolute expiry bound it on the server
		return ResponseCookie.from(COOKIE, value).httpOnly(true).secure(this.secure).sameSite("Lax").path("/");
	}

	private static Optional<String> cookieValue(HttpServletRequest request) {
		Cookie cookie = WebUtils.getCookie(request, COOKIE);
		return Optional.ofNullable(cookie).map(Cookie::getValue).filter((value) -> !value.isBlank());
	}

}
