package dev.tokenservice.auth.web;

import java.util.List;
import java.util.Map;

import dev.tokenservice.auth.login.AccountDisabledException;
import dev.tokenservice.auth.login.InvalidCredentialsException;
import dev.tokenservice.auth.login.LoginThrottledException;
import dev.tokenservice.auth.session.InvalidRefreshTokenException;
import dev.tokenservice.auth.users.DuplicateEmailException;
import dev.tokenservice.auth.users.InvalidFieldException;
import dev.tokenservice.auth.users.UserNotFoundException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem documents for the first-party API: Spring MVC's standard errors plus this
 * service's own, with one entry per invalid field.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> fieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList();
		ProblemDetail problem = ex.getBody();
		problem.setDetail("The request has invalid fields");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@ExceptionHandler
	ProblemDetail invalidField(InvalidFieldException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail duplicateEmail(DuplicateEmailException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler({ InvalidCredentialsException.class, InvalidRefreshTokenException.class })
	ProblemDetail unauthorized(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail disabled(AccountDisabledException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail userNotFound(UserNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> throttled(LoginThrottledException ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage()));
	}

	private static Map<String, String> fieldError(String field, String message) {
		return Map.of("field", field, "message", message);
	}

}
