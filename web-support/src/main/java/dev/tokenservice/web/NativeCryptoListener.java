package dev.tokenservice.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Installs {@link NativeCrypto} as soon as the environment is known, before any bean signs, decrypts
 * or hashes; {@code app.crypto.native-provider=false} keeps the JDK's providers ({@link CryptoProperties}).
 */
public class NativeCryptoListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(NativeCryptoListener.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		CryptoProperties crypto = Binder.get(event.getEnvironment())
			.bindOrCreate(CryptoProperties.PREFIX, CryptoProperties.class);
		if (!crypto.nativeProvider()) {
			logger.info("Native crypto provider off (app.crypto.native-provider=false): the JDK's providers sign");
			return;
		}
		NativeCrypto.Result result = NativeCrypto.install();
		if (result.installed()) {
			logger.info("RS256 and AES-GCM run in {} {}", result.rs256Provider(), result.detail());
		}
		else {
			logger.warn("Native crypto provider unavailable ({}); {} signs RS256", result.detail(),
					result.rs256Provider());
		}
	}

}
