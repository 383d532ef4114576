package dev.tokenservice.keys;

import java.util.Locale;

/** Where a key is in its life: published before it signs, signing, published after, or dropped. */
public enum KeyState {

	/** Published so resource servers cache it; does not sign yet. */
	NEXT,
	/** The one signing key. */
	ACTIVE,
	/** No longer signs; published until the tokens it signed have expired. */
	RETIRED,
	/** Never published or trusted again. */
	REVOKED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static KeyState of(String value) {
		if (value != null) {
			for (KeyState state : values()) {
				if (state.value().equalsIgnoreCase(value.trim())) {
					return state;
				}
			}
		}
		throw new IllegalArgumentException("Unknown key state: " + value);
	}

}
