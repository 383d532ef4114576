package dev.tokenservice.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string that breaks {@link TextRules}: a 400 naming the field ({@link ProblemExceptionHandler}).
 * Its message never repeats the value, which may be a password.
 */
public class InvalidTextException extends MismatchedInputException {

	private static final long serialVersionUID = 1L;

	InvalidTextException(JsonParser parser, String message) {
		super(parser, message, String.class);
	}

}
