package dev.tokenservice.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * RSA private keys as PKCS#8 {@code PrivateKeyInfo} bytes, the one binary form this library stores
 * and exchanges. Messages name the problem, never the bytes.
 */
final class Pkcs8 {

	static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

	// AlgorithmIdentifier { rsaEncryption, NULL }
	static final byte[] RSA_ALGORITHM = Der.tlv(Der.SEQUENCE,
			Der.tlv(Der.OID, new byte[] { 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01 }),
			Der.tlv(Der.NULL));

	// so that "not an RSA key" can say what it is instead
	private static final Map<String, String> KNOWN_ALGORITHMS = Map.of("1.2.840.10045.2.1", "EC",
			"1.2.840.113549.1.1.10", "RSASSA-PSS", "1.3.101.112", "Ed25519", "1.3.101.113", "Ed448", "1.3.101.110",
			"X25519", "1.3.101.111", "X448", "1.2.840.10040.4.1", "DSA");

	private Pkcs8() {
	}

	/**
	 * Reads an RSA private key and derives its public half from the CRT form (modulus and public
	 * exponent), so a PEM holding only the private key is enough.
	 */
	static RSAKey read(byte[] pkcs8) {
		String algorithm = algorithm(pkcs8);
		if (!RSA_ENCRYPTION.equals(algorithm)) {
			throw new IllegalArgumentException("Not an RSA key: the key's algorithm is "
					+ KNOWN_ALGORITHMS.getOrDefault(algorithm, "OID " + algorithm));
		}
		RSAPrivateKey privateKey;
		RSAPublicKey publicKey;
		try {
			KeyFactory factory = KeyFactory.getInstance("RSA");
			privateKey = (RSAPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
				throw new IllegalArgumentException(
						"The RSA private key has no CRT parameters, so its public key cannot be derived");
			}
			publicKey = (RSAPublicKey) factory
				.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException("The RSA private key is malformed (" + ex.getClass().getSimpleName() + ")");
		}
		return RsaKeys.withThumbprintKid(publicKey, privateKey);
	}

	/** The PKCS#8 bytes of a key's private part; callers should zero them when done. */
	static byte[] encode(RSAKey key) {
		if (key == null || !key.isPrivate()) {
			throw new IllegalArgumentException("The key has no private part");
		}
		RSAPrivateKey privateKey;
		try {
			privateKey = key.toRSAPrivateKey();
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("The private key is malformed (" + ex.getClass().getSimpleName() + ")");
		}
		byte[] encoded = (privateKey != null) ? privateKey.getEncoded() : null;
		if (encoded == null) {
			// e.g. a key held by a hardware key store: it cannot leave it
			throw new IllegalArgumentException("The private key cannot be exported");
		}
		return encoded;
	}

	/** PKCS#1 {@code RSAPrivateKey} wrapped as PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING }. */
	static byte[] fromPkcs1(byte[] pkcs1) {
		return Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] { 0 }), RSA_ALGORITHM,
				Der.tlv(Der.OCTET_STRING, pkcs1));
	}

	/** The algorithm OID of a PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, ... }. */
	private static String algorithm(byte[] pkcs8) {
		try {
			byte[] oid = new Der.Reader(pkcs8).enter(Der.SEQUENCE)
				.skip(Der.INTEGER)
				.enter(Der.SEQUENCE)
				.read(Der.OID);
			return Der.oid(oid);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a PKCS#8 private key: the structure is malformed");
		}
	}

}
