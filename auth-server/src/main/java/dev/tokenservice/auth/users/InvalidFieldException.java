package dev.tokenservice.auth.users;

/** One field of a request is unacceptable beyond what its annotations check (e.g. a weak password). */
public class InvalidFieldException extends RuntimeException {

	private final String field;

	public InvalidFieldException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
