package dev.tokenservice.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Just enough DER to wrap PKCS#1 keys into PKCS#8/SPKI and to read which algorithm a key structure
 * names: the JDK's {@code KeyFactory} does the real parsing, this only lets errors say "not RSA"
 * instead of a bare {@code InvalidKeySpecException}.
 */
final class Der {

	static final int INTEGER = 0x02;

	static final int BIT_STRING = 0x03;

	static final int OCTET_STRING = 0x04;

	static final int NULL = 0x05;

	static final int OID = 0x06;

	static final int SEQUENCE = 0x30;

	private Der() {
	}

	/** One tag-length-value element whose content is {@code parts}, concatenated. */
	static byte[] tlv(int tag, byte[]... parts) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			content.writeBytes(part);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(tag);
		out.writeBytes(length(content.size()));
		out.writeBytes(content.toByteArray());
		return out.toByteArray();
	}

	private static byte[] length(int length) {
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

	/** The dotted form of an OID's content octets, e.g. {@code 1.2.840.113549.1.1.1}. */
	static String oid(byte[] content) {
		StringBuilder dotted = new StringBuilder();
		long arc = 0;
		boolean first = true;
		for (byte octet : content) {
			if (arc > (Long.MAX_VALUE >> 7)) {
				throw new IllegalArgumentException("OID arc too large");
			}
			arc = (arc << 7) | (octet & 0x7f);
			if ((octet & 0x80) != 0) {
				continue;
			}
			if (first) {
				int top = (int) Math.min(arc / 40, 2);
				dotted.append(top).append('.').append(arc - 40L * top);
				first = false;
			}
			else {
				dotted.append('.').append(arc);
			}
			arc = 0;
		}
		return dotted.toString();
	}

	/** Reads elements in order; any surprise is an {@link IllegalArgumentException} without content. */
	static final class Reader {

		private final byte[] der;

		private int position;

		private int end;

		Reader(byte[] der) {
			this.der = der;
			this.end = der.length;
		}

		/** Steps into a constructed element: what follows are its children. */
		Reader enter(int tag) {
			int length = header(tag);
			this.end = this.position + length;
			return this;
		}

		/** Steps over an element. */
		Reader skip(int tag) {
			int length = header(tag);
			this.position += length;
			return this;
		}

		/** The content of an element. */
		byte[] read(int tag) {
			int length = header(tag);
			byte[] content = Arrays.copyOfRange(this.der, this.position, this.position + length);
			this.position += length;
			return content;
		}

		private int header(int tag) {
			if (this.position + 2 > this.end || (this.der[this.position] & 0xff) != tag) {
				throw malformed();
			}
			this.position++;
			int first = this.der[this.position++] & 0xff;
			int length;
			if (first < 0x80) {
				length = first;
			}
			else {
				int octets = first & 0x7f;
				if (octets == 0 || octets > 3 || this.position + octets > this.end) {
					throw malformed();
				}
				length = 0;
				for (int i = 0; i < octets; i++) {
					length = (length << 8) | (this.der[this.position++] & 0xff);
				}
			}
			if (length > this.end - this.position) {
				throw malformed();
			}
			return length;
		}

		private static IllegalArgumentException malformed() {
			return new IllegalArgumentException("malformed DER");
		}

	}

}
