package dev.tokenservice.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PemKeysTests {

	@Test
	void importsPkcs8FromOpensslGenpkey() {
		RSAKey key = PemKeys.readPrivateKey(resource("pkcs8-2048.pem"));

		assertThat(key.isPrivate()).isTrue();
		assertThat(RsaKeys.size(key)).isEqualTo(2048);
		assertThat(key.getKeyID()).isEqualTo(RsaKeys.thumbprint(key));
	}

	@Test
	void importsTraditionalPkcs1FromOpensslGenrsa() {
		RSAKey key = PemKeys.readPrivateKey(resource("pkcs1-2048.pem"));

		assertThat(key.isPrivate()).isTrue();
		assertThat(RsaKeys.size(key)).isEqualTo(2048);
	}

	@Test
	void publicKeyExportMatchesOpensslsDerivedPublicKey() {
		RSAKey key = PemKeys.readPrivateKey(resource("pkcs8-2048.pem"));

		assertThat(normalized(PemKeys.writePublicKey(key))).isEqualTo(normalized(resource("pkcs8-2048.pub.pem")));
		assertThat(PemKeys.readPublicKey(resource("pkcs8-2048.pub.pem")).getKeyID()).isEqualTo(key.getKeyID());
	}

	@Test
	void roundTripKeepsTheKey() {
		RSAKey key = RsaKeys.generate();

		RSAKey read = PemKeys.readPrivateKey(PemKeys.writePrivateKey(key));

		assertThat(read.getKeyID()).isEqualTo(key.getKeyID());
		assertThat(read.getPrivateExponent()).isEqualTo(key.getPrivateExponent());
		assertThat(PemKeys.writePrivateKey(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
		assertThat(PemKeys.writePrivateKey(key).lines().filter((line) -> !line.startsWith("-----")))
			.allSatisfy((line) -> assertThat(line.length()).isLessThanOrEqualTo(64));
	}

	@Test
	void keysFromTheRealOpensslBinaryImport(@TempDir Path dir) throws Exception {
		assumeTrue(opensslAvailable(), "openssl is not on the PATH");
		Path pkcs8 = dir.resolve("genpkey.pem");
		Path pkcs1 = dir.resolve("genrsa.pem");
		Path exported = dir.resolve("exported.pem");
		run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", pkcs8.toString());
		run("openssl", "genrsa", "-traditional", "-out", pkcs1.toString(), "2048");

		RSAKey fromGenpkey = PemKeys.readPrivateKey(Files.readString(pkcs8));
		RSAKey fromGenrsa = PemKeys.readPrivateKey(Files.readString(pkcs1));
		assertThat(RsaKeys.size(fromGenpkey)).isEqualTo(3072);
		assertThat(RsaKeys.size(fromGenrsa)).isEqualTo(2048);

		// and openssl reads what we write: its derived public key equals ours
		Files.writeString(exported, PemKeys.writePrivateKey(fromGenrsa));
		String opensslPublic = run("openssl", "pkey", "-in", exported.toString(), "-pubout");
		assertThat(normalized(opensslPublic)).isEqualTo(normalized(PemKeys.writePublicKey(fromGenrsa)));
	}

	@Test
	void refusesKeysThatAreTooSmallNotRsaOrNotKeys() {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(resource("too-small-1024.pem")))
			.withMessageContaining("2048");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(resource("ec-p256.pem")))
			.withMessageContaining("RSA");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey("hello"))
			.withMessage("No PEM block found");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys
			.readPrivateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"))
			.withMessageContaining("passphrase");
	}

	@Test
	void errorMessagesNeverQuoteKeyMaterial() {
		String pem = resource("too-small-1024.pem");
		String body = pem.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();

		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(pem))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(body));
	}

	private static String normalized(String pem) {
		return pem.replaceAll("\\s", "");
	}

	private static String resource(String name) {
		try (InputStream in = PemKeysTests.class.getResourceAsStream("/pem/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean opensslAvailable() {
		try {
			run("openssl", "version");
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed");
		}
		return output;
	}

}
