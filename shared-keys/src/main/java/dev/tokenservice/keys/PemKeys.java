package dev.tokenservice.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM import and export of RSA keys: PKCS#8 ({@code PRIVATE KEY}, what {@code openssl genpkey}
 * writes), PKCS#1 ({@code RSA PRIVATE KEY}, {@code openssl genrsa -traditional}), SPKI
 * ({@code PUBLIC KEY}) and PKCS#1 public keys ({@code RSA PUBLIC KEY}). BouncyCastle reads and writes
 * PEM and ASN.1; the JDK's {@code KeyFactory} makes the keys. Keys read get the same shape as
 * {@link RsaKeys#generate()}: thumbprint {@code kid}, use {@code sig}, alg RS256. Errors are
 * {@link IllegalArgumentException}s whose messages name the problem and never quote the PEM.
 */
public final class PemKeys {

	/** Keys below this size are refused on import, whatever their source. */
	public static final int MIN_BITS = 2048;

	private PemKeys() {
	}

	/** Reads the first private key of a PEM text (other blocks, such as certificates, are skipped). */
	public static RSAKey readPrivateKey(String pem) {
		PemObject block = find(pem, "PRIVATE KEY");
		byte[] pkcs8 = switch (block.getType()) {
			case "PRIVATE KEY" -> der(block);
			case "RSA PRIVATE KEY" -> Pkcs8.fromPkcs1(der(block));
			case "ENCRYPTED PRIVATE KEY" -> throw encrypted();
			default -> throw new IllegalArgumentException("Not an RSA private key: the PEM holds " + block.getType()
					+ "; expected PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY (PKCS#1)");
		};
		return checkSize(Pkcs8.read(pkcs8));
	}

	/** Reads the first public key of a PEM text: SPKI or PKCS#1. */
	public static RSAKey readPublicKey(String pem) {
		PemObject block = find(pem, "PUBLIC KEY");
		byte[] spki = switch (block.getType()) {
			case "PUBLIC KEY" -> der(block);
			case "RSA PUBLIC KEY" -> spki(der(block));
			default -> throw new IllegalArgumentException("Not an RSA public key: the PEM holds " + block.getType());
		};
		checkRsaAlgorithm(spki);
		try {
			RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
			return checkSize(RsaKeys.withThumbprintKid(key, null));
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException("The RSA public key is malformed (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/** PKCS#8 {@code PRIVATE KEY} PEM, 64-character lines, as {@code openssl genpkey} writes it. */
	public static String writePrivateKey(RSAKey key) {
		return pem("PRIVATE KEY", Pkcs8.encode(key));
	}

	/** SPKI {@code PUBLIC KEY} PEM, as {@code openssl pkey -pubout} writes it. */
	public static String writePublicKey(RSAKey key) {
		try {
			return pem("PUBLIC KEY", key.toRSAPublicKey().getEncoded());
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("The RSA public key is malformed (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/** The first block whose label ends with {@code kind}, so that e.g. {@code EC PRIVATE KEY} is named. */
	private static PemObject find(String pem, String kind) {
		List<String> seen = new ArrayList<>();
		boolean undecodable = false;
		// PemReader wants the armour lines unindented; PEMs pasted into configuration often are not
		String lines = (pem != null) ? pem.lines().map(String::strip).collect(Collectors.joining("\n")) : "";
		try (PemReader reader = new PemReader(new StringReader(lines))) {
			while (true) {
				PemObject block;
				try {
					block = reader.readPemObject();
				}
				catch (DecoderException ex) {
					// the reader is past that block's END line: a broken certificate must not hide the key
					undecodable = true;
					continue;
				}
				if (block == null) {
					break;
				}
				if (block.getType().endsWith(kind)) {
					return block;
				}
				seen.add(block.getType());
			}
		}
		catch (IOException ex) {
			// the only one a StringReader leaves: a block without its END line
			throw new IllegalArgumentException("A PEM block has no matching END line");
		}
		if (undecodable) {
			throw new IllegalArgumentException("A PEM block is not valid base64");
		}
		if (seen.isEmpty()) {
			throw new IllegalArgumentException("No PEM block found");
		}
		throw new IllegalArgumentException("No " + kind + " PEM block found, only " + String.join(", ", seen));
	}

	/** The block's content, unless RFC 1421 headers say it is encrypted (as traditional OpenSSL PEMs do). */
	private static byte[] der(PemObject block) {
		for (Object header : block.getHeaders()) {
			if (header instanceof PemHeader pemHeader && "Proc-Type".equals(pemHeader.getName())
					&& pemHeader.getValue().contains("ENCRYPTED")) {
				throw encrypted();
			}
		}
		return block.getContent();
	}

	/** A PKCS#1 {@code RSAPublicKey} as SubjectPublicKeyInfo { rsaEncryption, BIT STRING }. */
	private static byte[] spki(byte[] pkcs1) {
		try {
			// wrapped as it is: the KeyFactory parses it
			return new SubjectPublicKeyInfo(Pkcs8.RSA_ALGORITHM, pkcs1).getEncoded();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Encoding a SubjectPublicKeyInfo failed", ex);
		}
	}

	private static void checkRsaAlgorithm(byte[] spki) {
		ASN1ObjectIdentifier algorithm;
		try {
			algorithm = SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getAlgorithm();
		}
		catch (RuntimeException ex) {
			// BouncyCastle reports bad input with assorted unchecked exceptions
			throw new IllegalArgumentException("Not a public key: the structure is malformed");
		}
		if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
			throw new IllegalArgumentException("Not an RSA key: the key's algorithm is OID " + algorithm.getId());
		}
	}

	private static RSAKey checkSize(RSAKey key) {
		if (RsaKeys.size(key) < MIN_BITS) {
			throw new IllegalArgumentException(
					"The RSA key has " + RsaKeys.size(key) + " bits; at least " + MIN_BITS + " are required");
		}
		return key;
	}

	private static IllegalArgumentException encrypted() {
		return new IllegalArgumentException(
				"Encrypted PEM keys are not supported: export the key without a passphrase (openssl pkey -in key.pem -out plain.pem)");
	}

	private static String pem(String type, byte[] der) {
		StringWriter out = new StringWriter();
		try (PemWriter writer = new UnixPemWriter(out)) {
			writer.writeObject(new PemObject(type, der));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("A StringWriter does not fail", ex);
		}
		return out.toString();
	}

	/** PEM with {@code \n} line ends on every platform, as openssl writes it. */
	private static final class UnixPemWriter extends PemWriter {

		UnixPemWriter(StringWriter out) {
			super(out);
		}

		@Override
		public void newLine() throws IOException {
			write('\n');
		}

	}

}
