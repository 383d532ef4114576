package dev.tokenservice.keys;

/** A sealed private key could not be opened: wrong KEK, tampered value, or another key's row. */
public class KeyDecryptionException extends RuntimeException {

	public KeyDecryptionException(String message) {
		super(message);
	}

}
