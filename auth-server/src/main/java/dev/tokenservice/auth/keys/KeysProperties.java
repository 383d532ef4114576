package dev.tokenservice.auth.keys;

import java.time.Duration;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param previousKeks base64 of key-encryption keys that sealed keys before {@code kek} replaced them:
 * they still open those keys (never seal) until {@code keys rewrap} has re-sealed every key under
 * {@code kek}; then remove them
 */
@Validated
@ConfigurationProperties("app.keys")
public record KeysProperties(String kek, @DefaultValue("2048") int size,
		@DurationMin(nanos = 0, message = "must be zero or positive") @DefaultValue("10m") Duration publishLead,
		@DurationMin(nanos = 1, message = "must be positive") @DefaultValue("10s") Duration syncInterval,
		@DurationMin(nanos = 0, message = "must be zero or positive") @DefaultValue("30d") Duration rotationPeriod,
		List<String> previousKeks) {

	@ConstructorBinding
	public KeysProperties {
		previousKeks = (previousKeks != null) ? List.copyOf(previousKeks) : List.of();
	}

	/** No previous KEKs: no KEK rotation under way. */
	public KeysProperties(String kek, int size, Duration publishLead, Duration syncInterval, Duration rotationPeriod) {
		this(kek, size, publishLead, syncInterval, rotationPeriod, List.of());
	}

	/** How long until every node has re-read the ring: one interval, and as much again for a late run. */
	public Duration propagation() {
		return this.syncInterval.multipliedBy(2);
	}

	@Override
	public String toString() {
		// the KEK is a secret: keep it out of logs and failure reports
		return "KeysProperties[kek=" + (hasKek() ? "(set)" : "(unset)") + ", size=" + this.size + ", publishLead="
				+ this.publishLead + ", syncInterval=" + this.syncInterval + ", rotationPeriod=" + this.rotationPeriod
				+ ", previousKeks=(" + this.previousKeks.size() + " set)]";
	}

	public boolean hasKek() {
		return this.kek != null && !this.kek.isBlank();
	}

}
