package dev.tokenservice.auth.session;

/** A refresh asked for a scope the user did not grant the client (RFC 6749 §6: invalid_scope). */
public class ScopeNotGrantedException extends RuntimeException {

	public ScopeNotGrantedException() {
		super("The requested scope exceeds the scope granted", null, false, false);
	}

}
