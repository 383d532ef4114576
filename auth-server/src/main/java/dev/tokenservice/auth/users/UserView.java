package dev.tokenservice.auth.users;

import java.util.List;

/** What the API shows of a user: never the hash. */
public record UserView(String id, String email, List<String> roles, boolean enabled) {

	public static UserView of(UserAccount account) {
		return new UserView(account.id(), account.email(), account.roleList(), account.enabled());
	}

}
