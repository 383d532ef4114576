package dev.tokenservice.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * PEM import and export of RSA keys with the JDK alone (no BouncyCastle): PKCS#8
 * ({@code PRIVATE KEY}, what {@code openssl genpkey} writes), PKCS#1 ({@code RSA PRIVATE KEY},
 * {@code openssl genrsa -traditional}), SPKI ({@code PUBLIC KEY}) and PKCS#1 public keys
 * ({@code RSA PUBLIC KEY}). Keys read get the same shape as {@link RsaKeys#generate()}: thumbprint
 * {@code kid}, use {@code sig}, alg RS256. Errors are {@link IllegalArgumentException}s whose
 * messages name the problem and never quote the PEM.
 */
public final class PemKeys {

	/** Keys below this size are refused on import, whatever their source. */
	public static final int MIN_BITS = 2048;

	private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
			Pattern.DOTALL);

	private PemKeys() {
	}

	/** Reads the first private key of a PEM text (other blocks, such as certificates, are skipped). */
	public static RSAKey readPrivateKey(String pem) {
		Block block = find(pem, "PRIVATE KEY");
		byte[] pkcs8 = switch (block.type()) {
			case "PRIVATE KEY" -> block.der();
			case "RSA PRIVATE KEY" -> Pkcs8.fromPkcs1(block.der());
			case "ENCRYPTED PRIVATE KEY" -> throw encrypted();
			default -> throw new IllegalArgumentException("Not an RSA private key: the PEM holds " + block.type()
					+ "; expected PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY (PKCS#1)");
		};
		return checkSize(Pkcs8.read(pkcs8));
	}

	/** Reads the first public key of a PEM text: SPKI or PKCS#1. */
	public static RSAKey readPublicKey(String pem) {
		Block block = find(pem, "PUBLIC KEY");
		byte[] spki = switch (block.type()) {
			case "PUBLIC KEY" -> block.der();
			// SubjectPublicKeyInfo { rsaEncryption, BIT STRING (no unused bits) { RSAPublicKey } }
			case "RSA PUBLIC KEY" -> Der.tlv(Der.SEQUENCE, Pkcs8.RSA_ALGORITHM,
					Der.tlv(Der.BIT_STRING, new byte[] { 0 }, block.der()));
			default -> throw new IllegalArgumentException("Not an RSA public key: the PEM holds " + block.type());
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

	private static Block find(String pem, String kind) {
		List<String> seen = new ArrayList<>();
		Matcher matcher = BLOCK.matcher((pem != null) ? pem : "");
		while (matcher.find()) {
			String type = matcher.group(1);
			if (type.endsWith(kind)) {
				return new Block(type, matcher.group(2));
			}
			seen.add(type);
		}
		if (seen.isEmpty()) {
			throw new IllegalArgumentException("No PEM block found");
		}
		throw new IllegalArgumentException("No " + kind + " PEM block found, only " + String.join(", ", seen));
	}

	private static void checkRsaAlgorithm(byte[] spki) {
		String algorithm;
		try {
			// SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier ::= SEQUENCE { OID, ... }, BIT STRING }
			algorithm = Der.oid(new Der.Reader(spki).enter(Der.SEQUENCE).enter(Der.SEQUENCE).read(Der.OID));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a public key: the structure is malformed");
		}
		if (!Pkcs8.RSA_ENCRYPTION.equals(algorithm)) {
			throw new IllegalArgumentException("Not an RSA key: the key's algorithm is OID " + algorithm);
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
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

	/** One PEM block: its label and what is between the armour lines. */
	private record Block(String type, String text) {

		byte[] der() {
			// RFC 1421 headers are how traditional OpenSSL PEMs say they are encrypted
			if (this.text.contains("Proc-Type:") && this.text.contains("ENCRYPTED")) {
				throw encrypted();
			}
			try {
				return Base64.getDecoder().decode(this.text.replaceAll("\\s", ""));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("The " + this.type + " PEM block is not valid base64");
			}
		}

		@Override
		public String toString() {
			return "Block[" + this.type + "]";
		}

	}

}
