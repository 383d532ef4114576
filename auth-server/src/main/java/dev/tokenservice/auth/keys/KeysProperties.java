package dev.tokenservice.auth.keys;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The signing-key ring ({@code app.keys.*}).
 *
 * @param kek base64 of the 32-byte key-encryption key that seals private keys at rest; may be empty
 * only on the embedded H2 database, where one is generated into the data directory
 * @param size RSA modulus size of new keys: 2048, 3072 or 4096
 * @param publishLead how long a {@code next} key is published before it may sign; must cover the
 * resource servers' JWKS cache TTL
 */
@ConfigurationProperties("app.keys")
public record KeysProperties(String kek, @DefaultValue("2048") int size, @DefaultValue("10m") Duration publishLead) {

	@Override
	public String toString() {
		// the KEK is a secret: keep it out of logs and failure reports
		return "KeysProperties[kek=" + (hasKek() ? "(set)" : "(unset)") + ", size=" + this.size + ", publishLead="
				+ this.publishLead + "]";
	}

	public boolean hasKek() {
		return this.kek != null && !this.kek.isBlank();
	}

}
