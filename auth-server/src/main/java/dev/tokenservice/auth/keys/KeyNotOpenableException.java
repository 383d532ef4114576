package dev.tokenservice.auth.keys;

import dev.tokenservice.keys.KeyDecryptionException;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A rewrap met a key that none of the configured key-encryption keys opens: 409, and nothing changed.
 * The operator's fix is a setting (the KEK it was sealed under, in {@code app.keys.previous-keks}).
 */
public class KeyNotOpenableException extends ErrorResponseException {

	KeyNotOpenableException(KeyDecryptionException cause) {
		super(HttpStatus.CONFLICT, cause);
		// the cause's message names the kid only, never a key
		setDetail(cause.getMessage() + ". Nothing was re-sealed: add the key-encryption key it was sealed under "
				+ "to app.keys.previous-keks (APP_KEYS_PREVIOUSKEKS_0, ...) and retry.");
	}

}
