package dev.tokenservice.web;

import java.security.Provider;
import java.security.Security;
import java.security.Signature;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Amazon Corretto Crypto Provider (AWS-LC) as the most preferred JCA provider, when its native library
 * loads and passes its self-tests: RS256 signing and verifying, AES-GCM and SHA-256 then run in native
 * code. Anywhere else (another OS or CPU, a failed self-test) nothing changes and the JDK's providers
 * do the work; the result says which.
 */
public final class NativeCrypto {

	private NativeCrypto() {
	}

	/** Installs the native provider unless it is there already; returns what signs RS256 now. */
	public static synchronized Result install() {
		try {
			AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
			Throwable loadingError = accp.getLoadingError();
			if (loadingError != null) {
				return fallback("native library did not load: " + loadingError.getClass().getSimpleName());
			}
			if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) == null) {
				AmazonCorrettoCryptoProvider.install();
			}
			accp.assertHealthy();
			return new Result(true, rs256Provider(), accp.getVersionStr());
		}
		catch (LinkageError | RuntimeException ex) {
			Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
			return fallback(ex.getClass().getSimpleName());
		}
	}

	private static Result fallback(String reason) {
		return new Result(false, rs256Provider(), reason);
	}

	private static String rs256Provider() {
		try {
			Provider provider = Signature.getInstance("SHA256withRSA").getProvider();
			return provider.getName();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA256withRSA", ex);
		}
	}

	/**
	 * @param installed whether the native provider is in use
	 * @param rs256Provider the provider that signs RS256
	 * @param detail its version, or why it is not in use
	 */
	public record Result(boolean installed, String rs256Provider, String detail) {
	}

}
