package dev.tokenservice.auth.web;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem documents for the first-party and admin APIs: Spring MVC's standard errors (malformed
 * JSON, 415, 405, 404...) plus this service's own, with one entry per invalid field named as in the
 * JSON. Nothing reaches the client as a stack trace; an unexpected failure is a bare 500 problem.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final Clock clock;

	ApiExceptionHandler(Clock clock) {
		this.clock = clock;
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Object target = ex.getBindingResult().getTarget();
		// one entry per field: several violated constraints of one field are joined into one message
		Map<String, TreeSet<String>> messages = new LinkedHashMap<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			messages.computeIfAbsent(jsonName(target, error.getField()), (field) -> new TreeSet<>())
				.add(String.valueOf(error.getDefaultMessage()));
		}
		List<Map<String, String>> errors = messages.entrySet()
			.stream()
			.map((entry) -> fieldError(entry.getKey(), String.join("; ", entry.getValue())))
			.toList();
		ProblemDetail problem = ex.getBody();
		problem.setDetail("The request has invalid fields");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Spring's default detail ("Failed to read request") does not tell the client what to fix
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				"The request body is missing or is not a JSON object of the expected shape");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@ExceptionHandler
	ProblemDetail invalidField(InvalidFieldException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
		problem.setProperty("errors", List.of(fieldError(ex.field(), ex.getMessage())));
		return problem;
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

	@ExceptionHandler
	ProblemDetail concurrentUpdate(OptimisticLockingFailureException ex) {
		// two admins changed the same user at once (the version column): the later one retries
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The user was changed by another request at the same time; try again");
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException ex) {
		logger.error("Database unavailable: {}", ex.getClass().getName());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"The service is temporarily unavailable"));
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected failure", ex);
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
	}

	/** The name the client sent ({@code refresh_token_delivery}), not the Java component name. */
	static String jsonName(Object target, String field) {
		if (target == null || !target.getClass().isRecord()) {
			return field;
		}
		int end = field.length();
		for (int i = 0; i < field.length(); i++) {
			if (field.charAt(i) == '.' || field.charAt(i) == '[') {
				end = i;
				break;
			}
		}
		String head = field.substring(0, end);
		for (RecordComponent component : target.getClass().getRecordComponents()) {
			JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
			if (component.getName().equals(head) && property != null && !property.value().isEmpty()) {
				return property.value() + field.substring(end);
			}
		}
		return field;
	}

	private static Map<String, String> fieldError(String field, String message) {
		return Map.of("field", field, "message", message);
	}

}
