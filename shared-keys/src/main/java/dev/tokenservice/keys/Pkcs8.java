package dev.tokenservice.keys;

import java.io.IOException;
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
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * RSA private keys as PKCS#8 {@code PrivateKeyInfo} bytes, the one binary form this library stores
 * and exchanges. BouncyCastle reads the structure so that errors can say "not RSA"; the JDK's
 * {@code KeyFactory} makes the key. Messages name the problem, never the bytes.
 */
final class Pkcs8 {

	/** AlgorithmIdentifier { rsaEncryption, NULL }, as openssl writes it. */
	static final AlgorithmIdentifier RSA_ALGORITHM = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
			DERNull.INSTANCE);

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
		ASN1ObjectIdentifier algorithm = algorithm(pkcs8);
		if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
			throw new IllegalArgumentException("Not an RSA key: the key's algorithm is "
					+ KNOWN_ALGORITHMS.getOrDefault(algorithm.getId(), "OID " + algorithm.getId()));
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

	/** A PKCS#1 {@code RSAPrivateKey} as PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING }. */
	static byte[] fromPkcs1(byte[] pkcs1) {
		try {
			// wrapped as it is: the KeyFactory in read(byte[]) parses it
			return new PrivateKeyInfo(RSA_ALGORITHM, pkcs1).getEncoded();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Encoding a PrivateKeyInfo failed", ex);
		}
	}

	/** The algorithm of a PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING, ... }. */
	private static ASN1ObjectIdentifier algorithm(byte[] pkcs8) {
		try {
			return PrivateKeyInfo.getInstance(pkcs8).getPrivateKeyAlgorithm().getAlgorithm();
		}
		catch (RuntimeException ex) {
			// BouncyCastle reports bad input with assorted unchecked exceptions
			throw new IllegalArgumentException("Not a PKCS#8 private key: the structure is malformed");
		}
	}

}
