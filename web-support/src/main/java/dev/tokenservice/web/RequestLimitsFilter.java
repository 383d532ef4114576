package dev.tokenservice.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first look at every request, before Spring Security and any parsing: a body over
 * {@code app.http.max-body-size} is 413, on its {@code Content-Length} before a byte is read, and when
 * chunked as soon as reading passes the limit ({@link BodyTooLargeException}); a {@code Content-Type}
 * no endpoint of either server reads (a wildcard such as {@code *}{@code /*} or {@code application/*},
 * which names no format, or multipart) is 415. Forms are read by Tomcat itself, bounded by its
 * {@code maxPostSize}, which {@link RequestLimitsConfig} caps at the same limit.
 */
public class RequestLimitsFilter extends OncePerRequestFilter {

	/**
	 * First of all filters, ahead of Spring Security (-100): a filter of a server that must see only
	 * bounded bodies orders itself after this. Boot's character encoding filter has the same order and
	 * does not read the body.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final long maxBodyBytes;

	private final ProblemResponses problems;

	public RequestLimitsFilter(long maxBodyBytes, ProblemResponses problems) {
		this.maxBodyBytes = maxBodyBytes;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBodyBytes) {
			// not read: Tomcat swallows up to server.tomcat.max-swallow-size of it, or closes the connection
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
			return;
		}
		String contentType = request.getContentType();
		if (contentType != null && !isReadable(contentType)) {
			this.problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type '" + contentType.strip() + "' is not supported: send application/json "
							+ "(the OAuth2 endpoints: application/x-www-form-urlencoded)");
			return;
		}
		chain.doFilter(new BoundedRequest(request, this.maxBodyBytes), response);
	}

	/** A content type that names one format and is not multipart; an unparsable one is left to Spring (415). */
	static boolean isReadable(String contentType) {
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return true;
		}
		return !type.isWildcardType() && !type.isWildcardSubtype() && !"multipart".equalsIgnoreCase(type.getType());
	}

	private String tooLarge() {
		return "The request body is larger than the limit of " + this.maxBodyBytes + " bytes";
	}

	/** The request whose body stream ends in {@link BodyTooLargeException} past the limit. */
	static final class BoundedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		private BufferedReader reader;

		BoundedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.reader != null) {
				throw new IllegalStateException("getReader() has already been called for this request");
			}
			if (this.stream == null) {
				this.stream = new BoundedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				if (this.stream != null) {
					throw new IllegalStateException("getInputStream() has already been called for this request");
				}
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
				this.reader = new BufferedReader(
						new InputStreamReader(new BoundedInputStream(super.getInputStream(), this.limit),
								charset));
			}
			return this.reader;
		}

	}

	static final class BoundedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long read;

		BoundedInputStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.read += n;
			if (this.read > this.limit) {
				// the rest is not read here: Tomcat swallows up to server.tomcat.max-swallow-size of it to
				// keep the connection, and closes it after a longer body
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
