package dev.tokenservice.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * PEM import and export of RSA keys with the JDK alone: PKCS#8 ({@code PRIVATE KEY}, what
 * {@code openssl genpkey} writes), PKCS#1 ({@code RSA PRIVATE KEY}, {@code openssl genrsa
 * -traditional}) and SPKI ({@code PUBLIC KEY}). Messages never quote key material.
 */
public final class PemKeys {

	private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

	// AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters
	private static final byte[] RSA_ALGORITHM_ID = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
			(byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };

	private static final int MIN_BITS = 2048;

	private PemKeys() {
	}

	public static RSAKey readPrivateKey(String pem) {
		Matcher block = block(pem);
		String type = block.group(1);
		byte[] der = decode(block.group(2));
		byte[] pkcs8 = switch (type) {
			case "PRIVATE KEY" -> der;
			case "RSA PRIVATE KEY" -> pkcs1ToPkcs8(der);
			case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
					"Encrypted PEM keys are not supported: export the key without a passphrase");
			default -> throw new IllegalArgumentException("Not an RSA private key PEM block: " + type);
		};
		try {
			return checkSize(PrivateKeyEnvelope.fromPkcs8(pkcs8));
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException("Not a readable RSA private key (" + ex.getClass().getSimpleName() + ")");
		}
	}

	public static RSAKey readPublicKey(String pem) {
		Matcher block = block(pem);
		if (!"PUBLIC KEY".equals(block.group(1))) {
			throw new IllegalArgumentException("Not a PUBLIC KEY PEM block: " + block.group(1));
		}
		try {
			RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(decode(block.group(2))));
			return checkSize(RsaKeys.withThumbprintKid(key, null));
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException("Not a readable RSA public key (" + ex.getClass().getSimpleName() + ")");
		}
	}

	public static String writePrivateKey(RSAKey key) {
		try {
			return pem("PRIVATE KEY", key.toRSAPrivateKey().getEncoded());
		}
		catch (JOSEException | NullPointerException ex) {
			throw new IllegalArgumentException("The key has no private part");
		}
	}

	public static String writePublicKey(RSAKey key) {
		try {
			return pem("PUBLIC KEY", key.toRSAPublicKey().getEncoded());
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("Not an RSA public key");
		}
	}

	private static Matcher block(String pem) {
		Matcher matcher = BLOCK.matcher((pem != null) ? pem : "");
		if (!matcher.find()) {
			throw new IllegalArgumentException("No PEM block found");
		}
		return matcher;
	}

	private static byte[] decode(String base64) {
		try {
			return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The PEM block is not valid base64");
		}
	}

	private static RSAKey checkSize(RSAKey key) {
		if (RsaKeys.size(key) < MIN_BITS) {
			throw new IllegalArgumentException("RSA keys must have at least " + MIN_BITS + " bits");
		}
		return key;
	}

	/** PKCS#8 PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING { pkcs1 } }. */
	private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
		byte[] version = { 0x02, 0x01, 0x00 };
		byte[] octets = der(0x04, pkcs1);
		byte[] body = concat(version, RSA_ALGORITHM_ID, octets);
		return der(0x30, body);
	}

	private static byte[] der(int tag, byte[] content) {
		byte[] length = derLength(content.length);
		byte[] out = new byte[1 + length.length + content.length];
		out[0] = (byte) tag;
		System.arraycopy(length, 0, out, 1, length.length);
		System.arraycopy(content, 0, out, 1 + length.length, content.length);
		return out;
	}

	private static byte[] derLength(int length) {
		if (length < 0x80) {
			return new byte[] { (byte) length };
		}
		byte[] digits = BigInteger.valueOf(length).toByteArray();
		int start = (digits[0] == 0) ? 1 : 0;
		byte[] out = new byte[1 + digits.length - start];
		out[0] = (byte) (0x80 | (digits.length - start));
		System.arraycopy(digits, start, out, 1, digits.length - start);
		return out;
	}

	private static byte[] concat(byte[]... parts) {
		int total = 0;
		for (byte[] part : parts) {
			total += part.length;
		}
		byte[] out = new byte[total];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, out, offset, part.length);
			offset += part.length;
		}
		return out;
	}

	private static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

}
