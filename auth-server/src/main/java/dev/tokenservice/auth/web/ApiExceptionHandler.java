package dev.tokenservice.auth.web;

import java.time.Clock;
import java.time.Duration;

import dev.tokenservice.auth.keys.KeyAlreadyInRingException;
import dev.tokenservice.auth.keys.KeyImportException;
import dev.tokenservice.auth.keys.UnknownKeyException;
import dev.tokenservice.auth.login.AccountDisabledException;
import dev.tokenservice.auth.login.InvalidCredentialsException;
import dev.tokenservice.auth.login.LoginThrottledException;
import dev.tokenservice.auth.session.InvalidRefreshTokenException;
import dev.tokenservice.auth.users.DuplicateEmailException;
import dev.tokenservice.auth.users.InvalidFieldException;
import dev.tokenservice.auth.users.UserNotFoundException;
import dev.tokenservice.keys.KeyRotationTooEarlyException;
import dev.tokenservice.web.ProblemExceptionHandler;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The auth server's own exceptions as RFC 9457 problem documents; the generic cases are web-support's
 * {@link ProblemExceptionHandler}, which comes after this one.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

	private final Clock clock;

	ApiExceptionHandler(Clock clock) {
		this.clock = clock;
	}

	@ExceptionHandler
	ProblemDetail invalidField(InvalidFieldException ex) {
		return ProblemExceptionHandler.invalidField(ex.field(), ex.getMessage()).getBody();
	}

	@ExceptionHandler({ DuplicateEmailException.class, KeyAlreadyInRingException.class })
	ProblemDetail conflict(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler({ InvalidCredentialsException.class, InvalidRefreshTokenException.class })
	ProblemDetail unauthorized(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
	}

	@ExceptionHandler({ AccountDisabledException.class, AccessDeniedException.class })
	ProblemDetail forbidden(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	@ExceptionHandler({ UserNotFoundException.class, UnknownKeyException.class })
	ProblemDetail notFound(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unusableKey(KeyImportException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> throttled(LoginThrottledException ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rotationTooEarly(KeyRotationTooEarlyException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CONFLICT);
		ex.earliest().ifPresent((earliest) -> {
			problem.setProperty("earliest", earliest.toString());
			long seconds = Duration.between(this.clock.instant(), earliest).toSeconds() + 1;
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
		});
		return response.body(problem);
	}

}
