package dev.tokenservice.auth.browser;

import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * OpenID Connect Initiating User Registration: an authorization request with {@code prompt=create} from
 * a browser that is not signed in goes to the sign-up page instead of the login page. The request is
 * saved as for a login, so the sign-up continues it to the client's redirect URI. SAS itself ignores
 * prompt values it does not know; once signed in, the replayed request simply gets its code.
 */
public final class SignUpPrompt {

	public static final String CREATE = "create";

	/** Browser (HTML) requests whose {@code prompt} names {@code create} among its space-separated values. */
	public static final RequestMatcher REQUESTS = new AndRequestMatcher(SignUpPrompt::asksToCreate,
			new MediaTypeRequestMatcher(MediaType.TEXT_HTML));

	private SignUpPrompt() {
	}

	/** Where such a request is sent: the sign-up page. */
	public static AuthenticationEntryPoint entryPoint() {
		return new LoginUrlAuthenticationEntryPoint("/signup");
	}

	private static boolean asksToCreate(HttpServletRequest request) {
		String prompt = request.getParameter("prompt");
		return prompt != null && Arrays.asList(prompt.trim().split("\\s+")).contains(CREATE);
	}

}
