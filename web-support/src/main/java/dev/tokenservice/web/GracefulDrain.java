package dev.tokenservice.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The first step of a graceful shutdown (on the context's close), before Spring Boot's own: stop accepting connections and wait
 * until Tomcat has answered every request it already accepted, including those still waiting for a
 * worker thread.
 * <p>
 * Why: Boot's graceful shutdown pauses the connector and then waits only for requests already inside
 * the servlet. A paused Tomcat (11) closes every accepted connection whose request no worker has started
 * on, without an answer: to the client a reset. On a node busy hashing passwords (logins queue behind
 * the one-hash-per-CPU limit) many accepted requests are still in Tomcat's queue when SIGTERM comes,
 * so most of them were reset (issue 12). Here the listening socket is closed first (new connections are
 * refused, answers carry {@code Connection: close}) but the connector keeps working until its worker
 * pool has been idle, with nothing queued, for a moment; only then does Boot's step pause it.
 */
class GracefulDrain implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	private static final Logger logger = LoggerFactory.getLogger(GracefulDrain.class);

	/** How long the worker pool must stay idle before the connector is considered drained. */
	private static final Duration QUIET = Duration.ofMillis(250);

	private static final Duration POLL = Duration.ofMillis(50);

	private final List<Connector> connectors = new CopyOnWriteArrayList<>();

	private final Duration timeout;

	private ApplicationContext context;

	/** {@code timeout}: the longest wait, as for each shutdown phase. */
	GracefulDrain(Duration timeout) {
		this.timeout = timeout;
	}

	/** For the web server factory: remembers each connector it makes. */
	void add(Connector connector) {
		this.connectors.add(connector);
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * On close only (a stop without close, e.g. a test context paused in its cache, must not close the
	 * listening socket), after readiness turned to refusing traffic and before the lifecycle beans stop,
	 * Boot's graceful shutdown among them.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context || this.connectors.isEmpty()) {
			return;
		}
		List<ProtocolHandler> handlers = this.connectors.stream().map(Connector::getProtocolHandler).toList();
		// stop accepting, keep working: unlike pause(), queued requests are still served
		handlers.forEach(ProtocolHandler::closeServerSocketGraceful);
		logger.info("Stopped accepting connections; finishing the requests already accepted");
		long started = System.nanoTime();
		long quietSince = started;
		while (!Thread.currentThread().isInterrupted()) {
			if (System.nanoTime() - started > this.timeout.toNanos()) {
				logger.warn("Requests still in progress after {}; stopping anyway", this.timeout);
				return;
			}
			if (handlers.stream().anyMatch(GracefulDrain::busy)) {
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince >= QUIET.toNanos()) {
				break;
			}
			try {
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		logger.info("Every accepted request has been answered");
	}

	private static boolean busy(ProtocolHandler handler) {
		Executor executor = handler.getExecutor();
		if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
			return pool.getActiveCount() > 0 || !pool.getQueue().isEmpty();
		}
		if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
			return pool.getActiveCount() > 0 || !pool.getQueue().isEmpty();
		}
		// virtual threads or an unknown executor: fall back on open connections
		return handler instanceof AbstractProtocol<?> protocol && protocol.getConnectionCount() > 0;
	}

}
