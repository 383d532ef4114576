package dev.tokenservice.web;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** The native provider signs RS256 that the JDK's own provider verifies, and the other way round. */
class NativeCryptoTests {

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
	void onLinuxX8664TheNativeProviderSignsRs256() throws Exception {
		NativeCrypto.Result result = NativeCrypto.install();

		assertThat(result.installed()).as(result.detail()).isTrue();
		assertThat(result.rs256Provider()).isEqualTo("AmazonCorrettoCryptoProvider");
		assertThat(NativeCrypto.install()).as("installing twice changes nothing").isEqualTo(result);

		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		byte[] data = "header.payload".getBytes(StandardCharsets.US_ASCII);
		byte[] nativeSignature = sign(Signature.getInstance("SHA256withRSA"), pair, data);
		assertThat(verify(Signature.getInstance("SHA256withRSA", "SunRsaSign"), pair, data, nativeSignature)).isTrue();
		byte[] jdkSignature = sign(Signature.getInstance("SHA256withRSA", "SunRsaSign"), pair, data);
		// RSASSA-PKCS1-v1_5 is deterministic: both providers give the same bytes
		assertThat(nativeSignature).isEqualTo(jdkSignature);
		data[0] ^= 1;
		assertThat(verify(Signature.getInstance("SHA256withRSA"), pair, data, jdkSignature)).isFalse();
	}

	private static byte[] sign(Signature signature, KeyPair pair, byte[] data) throws Exception {
		signature.initSign(pair.getPrivate());
		signature.update(data);
		return signature.sign();
	}

	private static boolean verify(Signature signature, KeyPair pair, byte[] data, byte[] value) throws Exception {
		signature.initVerify(pair.getPublic());
		signature.update(data);
		return signature.verify(value);
	}

}
