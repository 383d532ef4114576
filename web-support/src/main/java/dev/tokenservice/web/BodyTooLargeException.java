package dev.tokenservice.web;

import java.io.IOException;

/**
 * A request body read past {@code app.http.max-body-size}: thrown by the bounded stream of
 * {@link RequestLimitsFilter}, answered 413 by {@link ProblemExceptionHandler} through whatever reader
 * (Jackson) wrapped it.
 */
public class BodyTooLargeException extends IOException {

	private static final long serialVersionUID = 1L;

	BodyTooLargeException(long limit) {
		super("The request body is larger than the limit of " + limit + " bytes");
	}

}
