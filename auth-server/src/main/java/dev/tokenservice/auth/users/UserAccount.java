package dev.tokenservice.auth.users;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/** A user of the first-party login. {@code roles} is a comma-separated set, {@code user} always first. */
public record UserAccount(@Id String id, String email, String passwordHash, String roles, boolean enabled,
		Instant createdAt, @Version Long version) {

	public static final String USER = "user";

	public static final String ADMIN = "admin";

	public List<String> roleList() {
		return Arrays.stream(this.roles.split(",")).map(String::trim).filter((role) -> !role.isEmpty()).toList();
	}

	public UserAccount withRoles(Set<String> roles) {
		Set<String> normalized = new LinkedHashSet<>();
		normalized.add(USER);
		normalized.addAll(roles);
		return new UserAccount(this.id, this.email, this.passwordHash, String.join(",", normalized), this.enabled,
				this.createdAt, this.version);
	}

	public UserAccount withEnabled(boolean enabled) {
		return new UserAccount(this.id, this.email, this.passwordHash, this.roles, enabled, this.createdAt,
				this.version);
	}

	public UserAccount withPasswordHash(String passwordHash) {
		return new UserAccount(this.id, this.email, passwordHash, this.roles, this.enabled, this.createdAt,
				this.version);
	}

	@Override
	public String toString() {
		return "UserAccount[id=" + this.id + ", roles=" + this.roles + ", enabled=" + this.enabled + "]";
	}

}
