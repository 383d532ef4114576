package dev.tokenservice.auth.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Hidden;
import dev.tokenservice.web.DatabaseUnavailable;
import dev.tokenservice.web.ProblemResponses;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (errors raised outside Spring MVC, such as a URL the security
 * firewall refuses) as a problem document instead of Boot's own JSON. Replaces Boot's
 * BasicErrorController, which backs off when an ErrorController exists. The container's error message
 * is not passed on: it may quote the request.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	private final ProblemResponses problems;

	ProblemErrorController(ProblemResponses problems) {
		this.problems = problems;
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (code == null) {
			// called directly rather than as an error dispatch
			status = HttpStatus.NOT_FOUND;
		}
		else if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		if (status == HttpStatus.INTERNAL_SERVER_ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& DatabaseUnavailable.explains(failure)) {
			// e.g. the token endpoint (a filter, outside Spring MVC's handler) while the database is away
			status = HttpStatus.SERVICE_UNAVAILABLE;
			response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		this.problems.write(response, status, detail(status),
				(uri instanceof String value) ? value : request.getRequestURI());
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			// the firewall's refusals (";", encoded slashes, "..") and unparseable requests
			case BAD_REQUEST -> "The request URL or headers are not acceptable";
			case NOT_FOUND -> "No such resource";
			case SERVICE_UNAVAILABLE -> "The service is temporarily unavailable";
			default -> status.getReasonPhrase();
		};
	}

}
