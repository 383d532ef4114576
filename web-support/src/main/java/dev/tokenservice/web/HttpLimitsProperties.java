package dev.tokenservice.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What both servers accept of a request ({@code app.http.*}); docs/security.md lists every limit.
 *
 * @param maxBodySize the largest request body, JSON or form: a longer {@code Content-Length} is refused
 * (413) before anything is read, a chunked body is cut off (413) at this size. Also Jackson's longest
 * document and string, and the cap of Tomcat's form size ({@code server.tomcat.max-http-form-post-size}
 * stays in force where it is smaller)
 */
@ConfigurationProperties(HttpLimitsProperties.PREFIX)
public record HttpLimitsProperties(@DefaultValue("64KB") DataSize maxBodySize) {

	static final String PREFIX = "app.http";

	/** JSON nested deeper than this is refused (400): no request of either server nests past three. */
	static final int MAX_NESTING_DEPTH = 64;

	public HttpLimitsProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					PREFIX + ".max-body-size must be between 1KB and 2GB, not " + maxBodySize);
		}
	}

	/** The limit in bytes. */
	public int maxBodyBytes() {
		return (int) this.maxBodySize.toBytes();
	}

}
