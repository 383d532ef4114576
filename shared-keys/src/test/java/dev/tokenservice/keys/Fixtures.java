package dev.tokenservice.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The PEM files under {@code src/test/resources/pem}, all written by openssl 3. */
final class Fixtures {

	private Fixtures() {
	}

	static String pem(String name) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/pem/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
