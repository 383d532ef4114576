package dev.tokenservice.auth.session;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What a user's access token says besides the user: the client it was issued to, the resource servers
 * it may call, the scopes granted and its lifetime. {@code email} puts the user's address in the token:
 * the first-party front ends always get it, other clients only with scope {@code email}.
 */
public record UserGrant(String clientId, List<String> audiences, Set<String> scopes, Duration lifetime,
		boolean email) {

	/** A client's grant: the {@code email} claim only when the scopes include {@code email}. */
	public static UserGrant of(String clientId, Collection<String> audiences, Collection<String> scopes,
			Duration lifetime) {
		return new UserGrant(clientId, List.copyOf(audiences), Set.copyOf(scopes), lifetime,
				scopes.contains("email"));
	}

}
