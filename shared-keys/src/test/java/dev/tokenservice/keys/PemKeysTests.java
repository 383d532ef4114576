package dev.tokenservice.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PEM in and out. The fixtures under {@code /pem} were written by openssl 3 ({@code genpkey},
 * {@code genrsa -traditional}, {@code pkey -pubout}, {@code rsa -RSAPublicKey_out}); the tests that
 * run the openssl binary itself are skipped only where it is not installed.
 */
class PemKeysTests {

	@Test
	void importsPkcs8FromOpensslGenpkey() {
		RSAKey key = PemKeys.readPrivateKey(resource("pkcs8-2048.pem"));

		assertThat(key.isPrivate()).isTrue();
		assertThat(RsaKeys.size(key)).isEqualTo(2048);
		assertThat(key.getKeyID()).isEqualTo(RsaKeys.thumbprint(key));
		assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
		assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
	}

	@Test
	void importsTraditionalPkcs1FromOpensslGenrsaWithItsPublicKey() {
		RSAKey key = PemKeys.readPrivateKey(resource("pkcs1-2048.pem"));

		assertThat(key.isPrivate()).isTrue();
		assertThat(RsaKeys.size(key)).isEqualTo(2048);
		// the derived public key is the one openssl derives from the same file
		assertThat(normalized(PemKeys.writePublicKey(key))).isEqualTo(normalized(resource("pkcs1-2048.pub.pem")));
		assertThat(key.getKeyID()).isEqualTo(PemKeys.readPublicKey(resource("pkcs1-2048.pub.pem")).getKeyID());
	}

	@Test
	void publicKeyExportMatchesOpensslsDerivedPublicKey() {
		RSAKey key = PemKeys.readPrivateKey(resource("pkcs8-2048.pem"));

		assertThat(normalized(PemKeys.writePublicKey(key))).isEqualTo(normalized(resource("pkcs8-2048.pub.pem")));
		RSAKey publicKey = PemKeys.readPublicKey(resource("pkcs8-2048.pub.pem"));
		assertThat(publicKey.isPrivate()).isFalse();
		assertThat(publicKey.getKeyID()).isEqualTo(key.getKeyID());
	}

	@Test
	void importsPkcs1PublicKeys() {
		RSAKey key = PemKeys.readPublicKey(resource("pkcs8-2048.rsa-pub.pem"));

		assertThat(key.isPrivate()).isFalse();
		assertThat(key.getKeyID()).isEqualTo(PemKeys.readPrivateKey(resource("pkcs8-2048.pem")).getKeyID());
	}

	@Test
	void roundTripKeepsTheKeyAndWrites64CharacterLines() {
		RSAKey key = RsaKeys.generate();

		String pem = PemKeys.writePrivateKey(key);
		RSAKey read = PemKeys.readPrivateKey(pem);

		assertThat(read.getKeyID()).isEqualTo(key.getKeyID());
		assertThat(read.getPrivateExponent()).isEqualTo(key.getPrivateExponent());
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
		List<String> body = pem.lines().filter((line) -> !line.startsWith("-----")).toList();
		assertThat(body.subList(0, body.size() - 1)).allSatisfy((line) -> assertThat(line).hasSize(64));
		assertThat(body.get(body.size() - 1).length()).isBetween(1, 64);
		assertThat(PemKeys.readPublicKey(PemKeys.writePublicKey(key)).getKeyID()).isEqualTo(key.getKeyID());
	}

	@Test
	void readsPemsWithWindowsLineEndsAndSurroundingText() {
		String pem = "Bag Attributes\r\n    friendlyName: signing\r\n"
				+ resource("pkcs1-2048.pem").replace("\n", "\r\n") + "trailing notes\r\n";

		assertThat(PemKeys.readPrivateKey(pem).getKeyID())
			.isEqualTo(PemKeys.readPublicKey(resource("pkcs1-2048.pub.pem")).getKeyID());
	}

	@Test
	void picksThePrivateKeyOutOfABundle() {
		String bundle = resource("pkcs8-2048.pub.pem") + resource("pkcs1-2048.pem");

		assertThat(PemKeys.readPrivateKey(bundle).getKeyID())
			.isEqualTo(PemKeys.readPublicKey(resource("pkcs1-2048.pub.pem")).getKeyID());
		assertThat(PemKeys.readPublicKey(bundle).getKeyID())
			.isEqualTo(PemKeys.readPrivateKey(resource("pkcs8-2048.pem")).getKeyID());
	}

	@Test
	void refusesKeysSmallerThan2048Bits() {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(resource("too-small-1024.pem")))
			.withMessageContaining("1024 bits")
			.withMessageContaining("2048");
	}

	@Test
	void refusesNonRsaKeysNamingTheirAlgorithm() {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(resource("ec-p256.pem")))
			.withMessageContaining("Not an RSA key")
			.withMessageContaining("EC");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"))
			.withMessageContaining("EC PRIVATE KEY");
	}

	@Test
	void refusesEncryptedKeysAskingForAPlainExport() {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(resource("pkcs1-encrypted.pem")))
			.withMessageContaining("passphrase");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys
			.readPrivateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"))
			.withMessageContaining("passphrase");
	}

	@Test
	void refusesGarbageAndTheWrongKindOfBlock() {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey("hello"))
			.withMessage("No PEM block found");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(null))
			.withMessage("No PEM block found");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
			.withMessageContaining("malformed");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAA!A\n-----END PRIVATE KEY-----"))
			.withMessageContaining("base64");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----"))
			.withMessageContaining("malformed");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(resource("pkcs8-2048.pub.pem")))
			.withMessageContaining("only PUBLIC KEY");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPublicKey(resource("pkcs8-2048.pem")))
			.withMessageContaining("only PRIVATE KEY");
	}

	@Test
	void writingAPublicOnlyKeyAsPrivateIsRefused() {
		RSAKey publicOnly = RsaKeys.generate().toPublicJWK();

		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.writePrivateKey(publicOnly))
			.withMessageContaining("no private part");
	}

	@Test
	void errorMessagesNeverQuoteKeyMaterial() {
		List<String> pems = List.of(resource("too-small-1024.pem"), resource("ec-p256.pem"),
				resource("pkcs1-encrypted.pem"), resource("pkcs1-2048.pem").replace("MII", "MI!"),
				resource("pkcs1-2048.pem").substring(0, 200) + "-----END RSA PRIVATE KEY-----",
				resource("pkcs8-2048.pem").replace("MIIEvAIBADANBgkqhkiG9w0BAQEFAAS", "MIIEvAIBADANBgkqhkiG9w0BAQEFAAR"));
		for (String pem : pems) {
			// any 12 characters of any base64 line would be a quote of key material
			List<String> fragments = pem.lines()
				.filter((line) -> line.length() >= 16 && !line.startsWith("-----"))
				.map((line) -> line.substring(4, 16))
				.toList();
			assertThat(fragments).isNotEmpty();
			assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(pem))
				.satisfies((ex) -> assertThat(fragments)
					.allSatisfy((fragment) -> assertThat(ex.getMessage()).doesNotContain(fragment)));
		}
	}

	@Test
	void keysFromTheRealOpensslBinaryImportAndExportBack(@TempDir Path dir) throws Exception {
		assumeTrue(opensslAvailable(), "openssl is not on the PATH");
		Path pkcs8 = dir.resolve("genpkey.pem");
		Path pkcs1 = dir.resolve("genrsa.pem");
		run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pkcs8.toString());
		run("openssl", "genrsa", "-traditional", "-out", pkcs1.toString(), "2048");
		assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

		for (Path file : List.of(pkcs8, pkcs1)) {
			RSAKey key = PemKeys.readPrivateKey(Files.readString(file));
			assertThat(RsaKeys.size(key)).isEqualTo(2048);
			assertThat(key.getKeyID()).isEqualTo(RsaKeys.thumbprint(key));

			// openssl derives, from our export, the public key we write ourselves
			Path exported = dir.resolve("exported-" + file.getFileName());
			Files.writeString(exported, PemKeys.writePrivateKey(key));
			String opensslPublic = run("openssl", "pkey", "-in", exported.toString(), "-pubout");
			assertThat(normalized(opensslPublic)).isEqualTo(normalized(PemKeys.writePublicKey(key)));
			// and it derives the same from the original file: our import read the right key
			String originalPublic = run("openssl", "pkey", "-in", file.toString(), "-pubout");
			assertThat(normalized(originalPublic)).isEqualTo(normalized(PemKeys.writePublicKey(key)));
		}
	}

	@Test
	void encryptedAndNonRsaKeysFromTheRealOpensslBinaryAreRefused(@TempDir Path dir) throws Exception {
		assumeTrue(opensslAvailable(), "openssl is not on the PATH");
		Path encryptedPkcs8 = dir.resolve("encrypted-pkcs8.pem");
		Path encryptedPkcs1 = dir.resolve("encrypted-pkcs1.pem");
		Path ed25519 = dir.resolve("ed25519.pem");
		Path small = dir.resolve("small.pem");
		String plain = dir.resolve("plain.pem").toString();
		run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", plain);
		run("openssl", "pkey", "-in", plain, "-aes-128-cbc", "-passout", "pass:secret", "-out", encryptedPkcs8.toString());
		run("openssl", "rsa", "-in", plain, "-traditional", "-aes128", "-passout", "pass:secret", "-out",
				encryptedPkcs1.toString());
		run("openssl", "genpkey", "-algorithm", "ED25519", "-out", ed25519.toString());
		run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", small.toString());

		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(Files.readString(encryptedPkcs8)))
			.withMessageContaining("passphrase");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(Files.readString(encryptedPkcs1)))
			.withMessageContaining("passphrase");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(Files.readString(ed25519)))
			.withMessageContaining("Ed25519");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.readPrivateKey(Files.readString(small)))
			.withMessageContaining("2048");
	}

	private static String normalized(String pem) {
		return pem.replaceAll("\\s", "");
	}

	private static String resource(String name) {
		return Fixtures.pem(name);
	}

	private static boolean opensslAvailable() {
		try {
			run("openssl", "version");
			return true;
		}
		catch (IOException ex) {
			// not installed: the fixtures above still cover the formats
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String run(String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
		return output;
	}

}
