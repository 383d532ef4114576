package dev.tokenservice.auth.keys;

/** An imported key whose kid the ring already has: kids name key material, once. */
public class KeyAlreadyInRingException extends RuntimeException {

	public KeyAlreadyInRingException(String kid) {
		super("The key ring already has a key " + kid);
	}

}
