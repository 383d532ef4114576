package dev.tokenservice.auth.config;

import java.time.Clock;

import dev.tokenservice.auth.browser.BrowserContinuation;
import dev.tokenservice.auth.browser.BrowserPages;
import dev.tokenservice.auth.browser.BrowserSessions;
import dev.tokenservice.auth.browser.PasswordAuthenticationProvider;
import dev.tokenservice.auth.issuer.IssuerProperties;
import dev.tokenservice.auth.login.PasswordLogin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ForwardAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * The auth server's own pages: login, sign-up, consent, account, and their stylesheet. Between SAS's
 * chain (which sends a browser here to log in) and the API chain. No HTTP session anywhere: the login
 * is {@link BrowserSessions} (a cookie naming a database row), the request that needed it waits in a
 * cookie ({@link CookieRequestCache}), and so does the CSRF token ({@link CookieCsrfTokenRepository});
 * SAS's chain uses the same three, so any node serves any step of a sign-in.
 */
@Configuration(proxyBeanMethods = false)
public class BrowserSecurityConfig {

	static final String LOGIN = "/login";

	@Bean
	@Order(1)
	SecurityFilterChain browserSecurityFilterChain(HttpSecurity http, BrowserSessions sessions,
			RequestCache requestCache, CsrfTokenRepository csrfTokens, BrowserContinuation continuation,
			BrowserPages pages, PasswordLogin passwordLogin, Clock clock) throws Exception {
		http.securityMatcher(LOGIN, LOGIN + "/**", "/signup", "/logout", "/oauth2/consent", "/account",
				"/account/**", "/css/**")
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(LOGIN, LOGIN + "/failed", "/signup", "/css/**").permitAll()
				.anyRequest().authenticated())
			.authenticationProvider(new PasswordAuthenticationProvider(passwordLogin, clock))
			.formLogin((form) -> form.loginPage(LOGIN)
				.successHandler(continuation)
				// rendered by the page itself, so it answers 401/403/429 with the reason and keeps the email
				.failureHandler(new ForwardAuthenticationFailureHandler(LOGIN + "/failed")))
			.logout((logout) -> logout.logoutUrl("/logout")
				.addLogoutHandler(sessions)
				.logoutSuccessUrl(LOGIN + "?logout"))
			.securityContext((context) -> context.securityContextRepository(sessions))
			.requestCache((cache) -> cache.requestCache(requestCache))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(LOGIN))
				.accessDeniedHandler(pages::forbidden))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(BrowserPages.CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	/** The request that needed a login (an authorization request), kept in a cookie across it. */
	@Bean
	RequestCache browserRequestCache() {
		return new CookieRequestCache();
	}

	@Bean
	CsrfTokenRepository browserCsrfTokens(IssuerProperties issuer) {
		// HttpOnly: no script on these pages reads it; the forms carry the token as a hidden field
		CookieCsrfTokenRepository repository = new CookieCsrfTokenRepository();
		boolean secure = "https".equalsIgnoreCase(issuer.uri().getScheme());
		repository.setCookieCustomizer((cookie) -> cookie.secure(secure).sameSite("Lax").path("/"));
		return repository;
	}

	/** SAS's remembered consents, in its JDBC table (created by V1). */
	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

}
