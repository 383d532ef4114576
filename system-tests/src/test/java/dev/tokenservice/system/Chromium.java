package dev.tokenservice.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, never a downloaded browser or
 * driver: both paths are given explicitly, so Selenium Manager has nothing to look up. Each driver is
 * a separate browser with a fresh profile under target/ (its own cookies: its own login at the
 * auth-server).
 */
final class Chromium {

	static final String BINARY = System.getProperty("chromiumBinary", "/usr/bin/chromium");

	static final String DRIVER = System.getProperty("chromedriverBinary", "/usr/bin/chromedriver");

	private static final AtomicInteger PROFILES = new AtomicInteger();

	/*
	 * Selenium looks for a DevTools binding of the browser's exact version at each start and warns when it
	 * has none; the tests use only plain CDP commands (executeCdpCommand), which need no binding. Kept in a
	 * field: java.util.logging holds its loggers weakly.
	 */
	private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

	private Chromium() {
	}

	/**
	 * Skips the calling test when the browser or its driver is missing on a developer's machine, and
	 * fails it under CI ({@code CI=true}), where {@code .ci/run} installs both.
	 */
	static void assumeInstalled() {
		List<String> missing = List.of(BINARY, DRIVER).stream().filter((path) -> !Files.isExecutable(Path.of(path))).toList();
		if (missing.isEmpty()) {
			return;
		}
		String message = "The web app's browser tests need Debian's chromium and chromium-driver packages; missing: "
				+ missing + " (apt-get install chromium chromium-driver, or -DchromiumBinary=/-DchromedriverBinary=)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(message);
		}
		Assumptions.abort(message);
	}

	private static Logger quiet(String name) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.SEVERE);
		return logger;
	}

	/** A new headless browser named {@code name} (for its profile folder and driver log). */
	static ChromeDriver start(String name) {
		int number = PROFILES.incrementAndGet();
		Path profile;
		Path driverLog;
		try {
			profile = Files.createDirectories(Path.of("target", "chromium-profiles", name + "-" + number))
				.toAbsolutePath();
			driverLog = Files.createDirectories(Path.of("target", "server-logs"))
				.resolve("chromedriver-" + name + "-" + number + ".log");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of(DRIVER).toFile())
			.usingAnyFreePort()
			.withLogFile(driverLog.toFile())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900");
		// the page's console, for the diagnostics of a failed wait
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		// no password manager or translate bubbles over the pages in screenshots
		options.setExperimentalOption("prefs",
				Map.of("credentials_enable_service", false, "profile.password_manager_enabled", false));
		return new ChromeDriver(service, options);
	}

}
