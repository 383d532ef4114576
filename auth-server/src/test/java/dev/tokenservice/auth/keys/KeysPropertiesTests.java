package dev.tokenservice.auth.keys;

import java.time.Duration;
import java.util.List;

import dev.tokenservice.keys.KeyEncryptionKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The KEK settings are secrets: what the properties print (logs, failure reports) shows none of them. */
class KeysPropertiesTests {

	@Test
	void toStringHidesTheKekAndThePreviousKeks() {
		String kek = KeyEncryptionKey.generate().toBase64();
		String previous = KeyEncryptionKey.generate().toBase64();

		String shown = new KeysProperties(kek, 2048, Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofDays(30),
				List.of(previous)).toString();

		assertThat(shown).doesNotContain(kek).doesNotContain(previous)
			.doesNotContain(kek.substring(0, 8))
			.doesNotContain(previous.substring(0, 8))
			.contains("kek=(set)")
			.contains("previousKeks=(1 set)");
	}

}
