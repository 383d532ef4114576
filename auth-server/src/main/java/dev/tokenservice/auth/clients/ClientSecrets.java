package dev.tokenservice.auth.clients;

import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The encoder of client secrets: {@code {sha256}} for new ones; {@code {bcrypt}} rows still match. */
public final class ClientSecrets {

	private ClientSecrets() {
	}

	public static PasswordEncoder encoder() {
		return new DelegatingPasswordEncoder("sha256",
				Map.of("sha256", new Sha256SecretEncoder(), "bcrypt", new BCryptPasswordEncoder()));
	}

}
