package dev.tokenservice.web;

import sun.misc.Signal;

/**
 * A server's process ends with status 0 when it is stopped by SIGTERM (the JVM's default is 143): the
 * shutdown hooks still run, and so Spring's graceful shutdown, before the process exits. For a server's
 * {@code main}, not for tests.
 */
public final class ExitOnTerm {

	private ExitOnTerm() {
	}

	public static void install() {
		try {
			Signal.handle(new Signal("TERM"), (signal) -> System.exit(0));
		}
		catch (IllegalArgumentException ex) {
			// no SIGTERM on this platform (Windows): the JVM's default applies
		}
	}

}
