package dev.tokenservice.auth.browser;

import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Component;

/**
 * Where a browser goes once signed in (login or sign-up): back to the request that needed the login,
 * typically an authorization request saved by the {@link RequestCache} (a cookie, not a session), or
 * else the account page.
 */
@Component
public class BrowserContinuation extends SavedRequestAwareAuthenticationSuccessHandler {

	BrowserContinuation(RequestCache requestCache) {
		setRequestCache(requestCache);
		setDefaultTargetUrl(AccountController.ACCOUNT);
	}

}
