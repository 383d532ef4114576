package dev.tokenservice.auth.keys;

/** The ring has no key of the kid an operator named. */
public class UnknownKeyException extends RuntimeException {

	public UnknownKeyException(String kid) {
		super("No key " + kid + " in the key ring");
	}

}
