package dev.tokenservice.auth.keys;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.keys.PemKeys;

/** Reads an operator's PEM private key for import, for the admin API and the command line alike. */
public final class KeyImport {

	/** A 4096-bit PKCS#1 key with a certificate chain is far smaller than this. */
	static final int MAX_PEM_LENGTH = 64 * 1024;

	private KeyImport() {
	}

	/**
	 * The RSA private key of {@code pem}, named by its RFC 7638 thumbprint like every key of the ring.
	 *
	 * @throws KeyImportException when it is not an RSA private key of at least 2048 bits
	 */
	public static RSAKey read(String pem) {
		if (pem == null || pem.isBlank()) {
			throw new KeyImportException("The request holds no PEM private key");
		}
		if (pem.length() > MAX_PEM_LENGTH) {
			throw new KeyImportException("The PEM text is longer than " + MAX_PEM_LENGTH + " characters");
		}
		try {
			return PemKeys.readPrivateKey(pem);
		}
		catch (IllegalArgumentException ex) {
			// PemKeys' messages name the problem and never quote the key
			throw new KeyImportException(ex.getMessage());
		}
	}

}
