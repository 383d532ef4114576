package dev.tokenservice.auth.browser;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Hidden;
import dev.tokenservice.auth.browser.PasswordAuthenticationProvider.LoginThrottledAuthenticationException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The login page. Spring Security's form login takes {@code POST /login}; a failure is forwarded here
 * ({@link #FAILED}) so the page answers with an honest status, keeps the typed email, and says why:
 * the same words for an unknown email and a wrong password, the wait when throttled.
 */
@Hidden
@Controller
class LoginPageController {

	static final String FAILED = "/login/failed";

	@GetMapping("/login")
	ModelAndView login(@RequestParam(required = false) String logout) {
		ModelAndView page = new ModelAndView("login");
		page.addObject("username", "");
		if (logout != null) {
			page.addObject("notice", "You are signed out.");
		}
		return page;
	}

	@PostMapping(FAILED)
	ModelAndView failed(HttpServletRequest request, HttpServletResponse response) {
		Object failure = request.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		String username = request.getParameter("username");
		ModelAndView page = new ModelAndView("login");
		page.addObject("username", (username != null && username.length() <= 254) ? username : "");
		if (failure instanceof LoginThrottledAuthenticationException throttled) {
			long seconds = throttled.retryAfterSeconds();
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			page.setStatus(HttpStatus.TOO_MANY_REQUESTS);
			page.addObject("error", "Too many failed sign-ins. Wait " + seconds + " "
					+ ((seconds == 1) ? "second" : "seconds") + ", then try again.");
		}
		else if (failure instanceof DisabledException) {
			page.setStatus(HttpStatus.FORBIDDEN);
			page.addObject("error", "This account is disabled. Ask an administrator to enable it.");
		}
		else {
			page.setStatus(HttpStatus.UNAUTHORIZED);
			page.addObject("error", "Wrong email or password.");
		}
		return page;
	}

}
