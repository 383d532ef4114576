package dev.tokenservice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server (e.g. the test PostgreSQL) that a test can cut and restore, to see
 * how a service behaves while its database is out of reach, without touching the real server (other
 * builds use it). {@link #cut()} resets every open connection and refuses new ones, as a database that
 * restarts does; {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	private final int port;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
		accept(this.listener);
	}

	/** A proxy on a free local port, open, in front of {@code host:port}. */
	public static TcpProxy to(String host, int port) {
		try {
			return new TcpProxy(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start a proxy to " + host + ":" + port, ex);
		}
	}

	/**
	 * A proxy in front of the test PostgreSQL ({@link PostgresTestDatabase#url()}); {@link #jdbcUrl}
	 * gives its JDBC URL.
	 */
	public static TcpProxy toPostgres() {
		URI uri = URI.create(PostgresTestDatabase.url().substring("jdbc:".length()));
		return to(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 5432);
	}

	/** {@code jdbcUrl} (of the proxied PostgreSQL) with host and port replaced by this proxy's. */
	public String jdbcUrl(String jdbcUrl) {
		return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + this.port + "/");
	}

	public int port() {
		return this.port;
	}

	/** Resets every connection through the proxy and refuses new ones until {@link #restore()}. */
	public synchronized void cut() {
		closeQuietly(this.listener);
		for (Socket socket : this.sockets) {
			try {
				// a reset, not an orderly close: what a client of a crashed or restarted server sees
				socket.setSoLinger(true, 0);
			}
			catch (SocketException ex) {
				// already closed
			}
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	/** Accepts connections again, on the same port. */
	public synchronized void restore() {
		if (!this.listener.isClosed()) {
			return;
		}
		try {
			this.listener = listen(this.port);
			accept(this.listener);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot listen again on port " + this.port, ex);
		}
	}

	@Override
	public void close() {
		cut();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

	private void accept(ServerSocket listener) {
		Thread acceptor = new Thread(() -> {
			while (!listener.isClosed()) {
				try {
					Socket client = listener.accept();
					Socket server = new Socket();
					this.sockets.add(client);
					this.sockets.add(server);
					try {
						server.connect(this.target, 3000);
					}
					catch (IOException ex) {
						closeQuietly(client);
						closeQuietly(server);
						continue;
					}
					pump(client, server);
					pump(server, client);
				}
				catch (IOException ex) {
					// the listener was closed by cut()
				}
			}
		}, "tcp-proxy-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// either side went away
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

}
