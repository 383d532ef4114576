package dev.tokenservice.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * What text both servers accept in any JSON string of a request, checked while the body is read so that
 * nothing else (validation, password hashing, the database) ever sees such a value. Refused: NUL, which
 * PostgreSQL cannot store in text; the other C0 control characters except tab, line feed and carriage
 * return; and a surrogate that is not one half of a pair (a JSON escape such as {@code "\ud800"}), which
 * is no character and cannot be encoded as UTF-8. Invalid UTF-8 bytes are already refused by Jackson's
 * parser.
 */
public final class TextRules {

	/** The message of the field's entry in a 400's {@code errors}. */
	public static final String MESSAGE = "must be valid text: no NUL or other control characters "
			+ "(except tab and line breaks) and no unpaired surrogates";

	private TextRules() {
	}

	/** Whether every character of {@code text} is acceptable. */
	public static boolean isValid(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/** The Jackson module that applies the rules to every {@code String} a request body binds to. */
	public static SimpleModule module() {
		return new SimpleModule("text-rules").addDeserializer(String.class, new ValidTextDeserializer());
	}

	static final class ValidTextDeserializer extends StringDeserializer {

		private static final long serialVersionUID = 1L;

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = super.deserialize(parser, context);
			if (value != null && !isValid(value)) {
				throw new InvalidTextException(parser, MESSAGE);
			}
			return value;
		}

	}

}
