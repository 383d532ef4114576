package dev.tokenservice.auth.keys;

/** No usable key-encryption key: the server cannot open its signing keys and must not start. */
public class MissingKeyEncryptionKeyException extends IllegalStateException {

	public MissingKeyEncryptionKeyException(String message) {
		super(message);
	}

}
