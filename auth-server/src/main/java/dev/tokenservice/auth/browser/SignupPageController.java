package dev.tokenservice.auth.browser;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import dev.tokenservice.auth.audit.SecurityEvents;
import io.swagger.v3.oas.annotations.Hidden;
import dev.tokenservice.auth.login.SignupRequest;
import dev.tokenservice.auth.users.DuplicateEmailException;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The sign-up page: the rules of {@code POST /api/auth/signup} (the same {@link SignupRequest} and its
 * validation, so the same password policy, and {@link UserService}'s duplicate-email rule), each error
 * next to its field. A new account is signed in at once and continues where the login page would: the
 * saved authorization request, or the account page.
 */
@Hidden
@Controller
class SignupPageController {

	private final UserService users;

	private final BrowserSessions sessions;

	private final AuthenticationSuccessHandler continuation;

	private final Clock clock;

	private final SecurityEvents events;

	SignupPageController(UserService users, BrowserSessions sessions, BrowserContinuation continuation,
			Clock clock, SecurityEvents events) {
		this.events = events;
		this.users = users;
		this.sessions = sessions;
		this.continuation = continuation;
		this.clock = clock;
	}

	@GetMapping("/signup")
	ModelAndView form() {
		return new ModelAndView("signup").addObject("form", new SignupRequest("", ""));
	}

	@PostMapping("/signup")
	ModelAndView signup(@Valid @ModelAttribute("form") SignupRequest form, BindingResult errors,
			HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		if (errors.hasErrors()) {
			this.events.signupRejected();
		}
		else {
			try {
				UserAccount account = this.users.signUp(form.email(), form.password());
				Authentication authentication = BrowserSessions.authentication(account, this.clock.instant());
				SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
				context.setAuthentication(authentication);
				SecurityContextHolder.getContextHolderStrategy().setContext(context);
				this.sessions.saveContext(context, request, response);
				this.continuation.onAuthenticationSuccess(request, response, authentication);
				return null;
			}
			catch (DuplicateEmailException ex) {
				errors.rejectValue("email", "duplicate", "An account with this email already exists. Sign in instead.");
			}
		}
		// the form and its errors are in the model already; the template never writes the password back
		return new ModelAndView("signup", HttpStatus.BAD_REQUEST);
	}

}
