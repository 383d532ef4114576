package dev.tokenservice.auth.clients;

/** A configured client whose settings cannot work; the message names the client and the rule. */
public class InvalidClientSettingsException extends IllegalArgumentException {

	public InvalidClientSettingsException(String message) {
		super(message);
	}

}
