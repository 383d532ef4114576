package dev.tokenservice.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * RSA signing keys as Nimbus {@link RSAKey}s whose {@code kid} is their RFC 7638 thumbprint: the
 * id follows from the key material, so new material can never reuse an old id (resource servers
 * cache keys by {@code kid} and would otherwise keep the stale one).
 */
public final class RsaKeys {

	private static final Set<Integer> SIZES = Set.of(2048, 3072, 4096);

	private RsaKeys() {
	}

	public static RSAKey generate() {
		return generate(2048);
	}

	public static RSAKey generate(int bits) {
		if (!SIZES.contains(bits)) {
			throw new IllegalArgumentException("RSA key size must be 2048, 3072 or 4096 bits, not " + bits);
		}
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			KeyPair pair = generator.generateKeyPair();
			return withThumbprintKid((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has RSA", ex);
		}
	}

	/** A signing key (use {@code sig}, alg RS256) named by its thumbprint; {@code privateKey} may be null. */
	public static RSAKey withThumbprintKid(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
		RSAKey.Builder builder = new RSAKey.Builder(publicKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
		if (privateKey != null) {
			builder.privateKey(privateKey);
		}
		try {
			return builder.keyIDFromThumbprint().build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("SHA-256 thumbprint failed", ex);
		}
	}

	/** The RFC 7638 SHA-256 thumbprint, base64url: the same for the public and the private form. */
	public static String thumbprint(RSAKey key) {
		try {
			return key.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("SHA-256 thumbprint failed", ex);
		}
	}

	public static int size(RSAKey key) {
		return key.getModulus().decodeToBigInteger().bitLength();
	}

}
