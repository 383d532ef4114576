package dev.tokenservice.auth.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A client and its new secret, answered once (creation, rotation, an update that gives a client its first
 * secret); only the secret's hash is stored. No secret for a client that authenticates without one.
 */
public record ClientWithSecret(@JsonUnwrapped ClientView client,
		@JsonInclude(JsonInclude.Include.NON_NULL) String clientSecret) {

	@Override
	public String toString() {
		return "ClientWithSecret[client=" + this.client.clientId() + ", clientSecret=(hidden)]";
	}

}
