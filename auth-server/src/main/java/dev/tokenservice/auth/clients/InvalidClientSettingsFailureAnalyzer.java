package dev.tokenservice.auth.clients;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A client the server cannot serve as configured: Boot's short startup report naming the rule broken. */
class InvalidClientSettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidClientSettingsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidClientSettingsException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix that client's app.clients[i] settings (APP_CLIENTS_<i>_...): see docs/settings.md.", cause);
	}

}
