package dev.tokenservice.web;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem documents for both servers' APIs: Spring MVC's standard errors (malformed JSON, 415,
 * 405, 404...) and every {@link ErrorResponseException}, which is how features say their own status and
 * fields, plus the few generic cases: invalid fields (one entry per field, named as in the JSON), a
 * concurrent update, an unreachable database. It knows no feature. Nothing reaches the client as a
 * stack trace; an unexpected failure is a bare 500 problem.
 */
@RestControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	/** The detail of every 400 that lists {@code errors}. */
	public static final String INVALID_FIELDS = "The request has invalid fields";

	/**
	 * A 400 naming one invalid field, as validation failures do: for rules checked by a service rather
	 * than by a constraint on the request.
	 */
	public static ErrorResponseException invalidField(String field, String message) {
		ErrorResponseException ex = new ErrorResponseException(HttpStatus.BAD_REQUEST);
		ex.getBody().setDetail(INVALID_FIELDS);
		ex.getBody().setProperty("errors", List.of(new InvalidField(field, message)));
		return ex;
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
		List<InvalidField> errors = messages.entrySet()
			.stream()
			.map((entry) -> new InvalidField(entry.getKey(), String.join("; ", entry.getValue())))
			.toList();
		ProblemDetail problem = ex.getBody();
		problem.setDetail(INVALID_FIELDS);
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// a body cut off at app.http.max-body-size, or a string TextRules refuses, whatever reader met it
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
						cause.getMessage());
				return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
			}
			if (cause instanceof InvalidTextException invalidText) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, INVALID_FIELDS);
				problem.setProperty("errors",
						List.of(new InvalidField(jsonPath(invalidText.getPath()), TextRules.MESSAGE)));
				return handleExceptionInternal(ex, problem, headers, status, request);
			}
		}
		// Spring's default detail ("Failed to read request") does not tell the client what to fix
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				"The request body is missing or is not a JSON object of the expected shape");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@ExceptionHandler
	ProblemDetail undecodableParameters(InvalidParameterException ex) {
		// a form body or query string that is not valid UTF-8: Tomcat fails as soon as anything reads a
		// parameter; the exception's message quotes the bytes, so neither the log nor the answer repeats it
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request's parameters or form body are not valid UTF-8 or not URL-encoded");
	}

	@ExceptionHandler
	ProblemDetail concurrentUpdate(OptimisticLockingFailureException ex) {
		// two requests changed the same row at once (its version column): the later one retries
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The resource was changed by another request at the same time; try again");
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<Object> databaseUnavailable(RuntimeException ex) {
		return serviceUnavailable(ex);
	}

	/**
	 * Anything else: a 503 with Retry-After when a cause says the database is out of reach (a
	 * {@code TransactionSystemException} "JDBC rollback failed" on a lost connection, a failure Spring
	 * Data wraps, see {@link DatabaseUnavailable}), else a bare 500.
	 */
	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex) {
		if (DatabaseUnavailable.explains(ex)) {
			return serviceUnavailable(ex);
		}
		logger.error("Unexpected failure", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred"));
	}

	private static ResponseEntity<Object> serviceUnavailable(Exception ex) {
		logger.error("Database unavailable: {}: {}", ex.getClass().getName(), ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"The service is temporarily unavailable"));
	}

	/** Where in the body Jackson was: {@code email}, {@code roles[1]}; the body itself when empty. */
	static String jsonPath(List<JacksonException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				field.append((field.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (field.length() > 0) ? field.toString() : "(body)";
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

	/** One entry of a 400's {@code errors}. */
	public record InvalidField(String field, String message) {
	}

}
