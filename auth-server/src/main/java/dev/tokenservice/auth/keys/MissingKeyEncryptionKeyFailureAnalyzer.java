package dev.tokenservice.auth.keys;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or bad KEK into Boot's short startup report instead of a stack trace. */
class MissingKeyEncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<MissingKeyEncryptionKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingKeyEncryptionKeyException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set APP_KEYS_KEK to the base64 of 32 random bytes, the same on every node "
						+ "(for example: openssl rand -base64 32), and keep it outside the database.",
				cause);
	}

}
