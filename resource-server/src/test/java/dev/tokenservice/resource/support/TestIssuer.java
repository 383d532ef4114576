package dev.tokenservice.resource.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in issuer in the test JVM: serves a JWKS over real HTTP from keys the test controls, and
 * mints tokens with them. One instance per JVM so Spring test contexts that point at it are shared.
 */
public final class TestIssuer {

	private static final TestIssuer SHARED = new TestIssuer();

	private final HttpServer server;

	private final List<RSAKey> published = new CopyOnWriteArrayList<>();

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final RSAKey signingKey;

	private volatile boolean down;

	private TestIssuer() {
		this.signingKey = newKey();
		this.published.add(this.signingKey);
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/oauth2/jwks", (exchange) -> {
			this.jwksFetches.incrementAndGet();
			if (this.down) {
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
				return;
			}
			byte[] body = new JWKSet(List.copyOf(this.published)).toString(true).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	public static TestIssuer shared() {
		return SHARED;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public RSAKey signingKey() {
		return this.signingKey;
	}

	/** Adds a key to the JWKS, as an issuer does before signing with it. */
	public void publish(RSAKey key) {
		this.published.add(key);
	}

	/** Takes a key out of the JWKS, as an issuer does when it revokes it. */
	public void withdraw(RSAKey key) {
		this.published.removeIf((published) -> published.getKeyID().equals(key.getKeyID()));
	}

	/**
	 * An outage: the JWKS endpoint answers 503 until the returned handle is closed (use it in
	 * try-with-resources: the issuer is shared by every test of the JVM).
	 */
	public AutoCloseable goDown() {
		this.down = true;
		return () -> this.down = false;
	}

	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	/** A valid user access token for {@code people-api}; change what a test needs. */
	public TestToken token() {
		return new TestToken(this.url(), this.signingKey);
	}

	public static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
