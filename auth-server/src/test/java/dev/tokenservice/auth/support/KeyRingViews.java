package dev.tokenservice.auth.support;

import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.auth.keys.KeyView;

/** The key ring as operators see it (the stored ring), for tests that need a key's kid or age. */
public final class KeyRingViews {

	private KeyRingViews() {
	}

	/** The ring's next key: published, not signing yet. */
	public static KeyView nextKey(KeyRingService keyRing) {
		return keyRing.keys().stream().filter((key) -> key.state().equals("next")).findFirst().orElseThrow();
	}

}
