package dev.tokenservice.auth.keys;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The signing-key ring ({@code app.keys.*}).
 *
 * @param kek base64 of the 32-byte key-encryption key that seals private keys at rest; may be empty
 * only on the embedded H2 database, where one is generated into the data directory
 * @param size RSA modulus size of new keys: 2048, 3072 or 4096
 * @param publishLead how long a {@code next} key is published before an unforced rotation lets it sign;
 * must cover the resource servers' JWKS cache TTL plus the sync interval
 * @param syncInterval how often each node re-reads the ring from the database (and runs the scheduled
 * rotation when due); a new key signs only after twice this, so that every node publishes it first
 * @param rotationPeriod how long a key signs before the scheduled rotation replaces it; zero turns
 * scheduled rotation off
 */
@Validated
@ConfigurationProperties("app.keys")
public record KeysProperties(String kek, @DefaultValue("2048") int size,
		@DurationMin(nanos = 0, message = "must be zero or positive") @DefaultValue("10m") Duration publishLead,
		@DurationMin(nanos = 1, message = "must be positive") @DefaultValue("10s") Duration syncInterval,
		@DurationMin(nanos = 0, message = "must be zero or positive") @DefaultValue("30d") Duration rotationPeriod) {

	/** How long until every node has re-read the ring: one interval, and as much again for a late run. */
	public Duration propagation() {
		return this.syncInterval.multipliedBy(2);
	}

	@Override
	public String toString() {
		// the KEK is a secret: keep it out of logs and failure reports
		return "KeysProperties[kek=" + (hasKek() ? "(set)" : "(unset)") + ", size=" + this.size + ", publishLead="
				+ this.publishLead + ", syncInterval=" + this.syncInterval + ", rotationPeriod=" + this.rotationPeriod
				+ "]";
	}

	public boolean hasKek() {
		return this.kek != null && !this.kek.isBlank();
	}

}
