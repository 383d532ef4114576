package dev.tokenservice.auth.keys;

/** An import that is not a usable RSA private key; the message names the problem, never the key. */
public class KeyImportException extends RuntimeException {

	public KeyImportException(String message) {
		super(message);
	}

}
