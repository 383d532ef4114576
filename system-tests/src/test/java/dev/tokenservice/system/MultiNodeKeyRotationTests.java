package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.tokenservice.testsupport.RequiresPostgres;
import dev.tokenservice.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.tokenservice.system.KeyAdmin.keys;
import static dev.tokenservice.system.MultiNodeSystem.ADMIN_EMAIL;
import static dev.tokenservice.system.MultiNodeSystem.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5: two auth-server nodes on one PostgreSQL behave as one server (sessions, reuse detection,
 * throttling, keys), and operators rotate and revoke signing keys through either node's admin API
 * or the command line while clients keep working. Every server is a real jar in its own JVM.
 */
@RequiresPostgres
class MultiNodeKeyRotationTests {

	private static final Duration POLL = Duration.ofMillis(250);

	@TempDir
	static Path data;

	static MultiNodeSystem system;

	static String node1;

	static String node2;

	final TestHttp http = TestHttp.absolute();

	final FirstPartyApi api = new FirstPartyApi();

	@BeforeAll
	static void startServers() {
		long started = System.nanoTime();
		system = MultiNodeSystem.start("system_multinode", data);
		node1 = system.nodeUrls().get(0);
		node2 = system.nodeUrls().get(1);
		System.out.printf("Two auth-server nodes and two resource servers ready in %d ms%n", millisSince(started));
	}

	@AfterAll
	static void stopServers() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void clientsSeeNoFailureWhileKeysAreRotatedThreeTimesAndARetiredKeyIsRevoked() throws Exception {
		long started = System.nanoTime();
		KeyAdmin admin1 = admin(node1);
		String firstKid = KeyAdmin.kidInState(admin1.list(), "active");
		// a user's tokens of the first key, kept unused until that key is revoked
		TokenPair saved = this.api.newUser(node1, "saved");
		assertThat(List.of(saved.accessKid(), saved.refreshKid())).containsOnly(firstKid);
		assertThat(statuses(saved.accessToken())).as("both resource servers and nodes").containsOnly(200);

		ClientLoad load = ClientLoad.start(this.api, system.nodeUrls(), system.resourceServerUrls(), 4,
				Duration.ofSeconds(80));
		ClientLoad.Report report;
		List<String> activeKids;
		try {
			activeKids = rotateThreeTimes(admin1, admin(node2), firstKid);
			System.out.printf("Three rotations done %d ms into the test; active keys in turn: %s%n",
					millisSince(started), activeKids);
			// retired, the first key is still published: its access tokens stay good until revoked
			assertThat(statuses(saved.accessToken())).as("first key retired").containsOnly(200);

			// an admin token of the current key (the first admin tokens die with the first key)
			KeyAdmin admin = admin(node2);
			load.revoking(firstKid);
			long revoked = System.nanoTime();
			HttpResponse<String> revocation = admin.revoke(firstKid);
			assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
			assertThat(KeyAdmin.stateOf(keys(revocation.body()), firstKid)).isEqualTo("revoked");
			// at once on every node, even one that has not synced yet (the refresh checks the stored ring);
			// one attempt per node: an accepted one would consume the token
			for (String node : List.of(node1, node2)) {
				assertThat(this.api.refresh(node, saved.refreshToken()).statusCode()).as(node).isEqualTo(401);
			}
			await("the revoked key's access token refused everywhere").atMost(Duration.ofSeconds(20))
				.pollInterval(POLL)
				.untilAsserted(() -> assertThat(statuses(saved.accessToken())).containsOnly(401));
			System.out.printf("Revoked key refused by both resource servers and nodes %d ms after the revocation "
					+ "(resource servers' JWKS cache TTL %s)%n", millisSince(revoked), MultiNodeSystem.JWKS_CACHE_TTL);
			assertThat(saved.accessExpiresAt()).as("refused for its key, not its age").isAfter(Instant.now());
		}
		finally {
			report = load.stop();
			// also when a step above failed: what the clients saw is the first thing to look at
			System.out.printf("Clients: %d requests, succeeded %s, refused as signed by the revoked key %d, "
					+ "failed %d %s%n", report.requests(), report.succeeded(), report.refusedAsRevoked(), report.failed(),
					report.failures());
		}
		assertThat(report.failed()).as("failed requests, first ones: %s", report.failures()).isZero();
		assertThat(report.requests()).isGreaterThan(200);
		for (String kind : List.of("login", "people", "me", "refresh")) {
			assertThat(report.succeeded().getOrDefault(kind, 0L)).as(kind).isGreaterThan(10);
		}
		assertThat(report.acceptedKids()).as("tokens of every key were used").containsAll(activeKids);

		await("both nodes publish the same keys, without the revoked one").atMost(Duration.ofSeconds(10))
			.pollInterval(POLL)
			.untilAsserted(() -> assertThat(KeyAdmin.publishedKids(this.http, node1)).doesNotContain(firstKid)
				.contains(activeKids.get(3))
				.isEqualTo(KeyAdmin.publishedKids(this.http, node2)));
		System.out.printf("Rotation test done in %d ms%n", millisSince(started));
	}

	@Test
	void refreshTokenIssuedByOneNodeRefreshesOnTheOther() {
		TokenPair login = this.api.newUser(node1, "cross");

		HttpResponse<String> onNode2 = this.api.refresh(node2, login.refreshToken());
		assertThat(onNode2.statusCode()).as(FirstPartyApi.errorBody(onNode2)).isEqualTo(200);
		TokenPair fromNode2 = TokenPair.of(onNode2);
		assertThat(this.api.me(node1, fromNode2.accessToken()).statusCode()).isEqualTo(200);
		assertThat(this.api.people(system.resourceServerUrls().get(0), fromNode2.accessToken()).statusCode())
			.isEqualTo(200);
		HttpResponse<String> backOnNode1 = this.api.refresh(node1, fromNode2.refreshToken());
		assertThat(backOnNode1.statusCode()).as(FirstPartyApi.errorBody(backOnNode1)).isEqualTo(200);
	}

	@Test
	void logoutOnOneNodeEndsTheSessionOnTheOther() {
		TokenPair login = this.api.newUser(node1, "logout");

		assertThat(this.api.logOut(node1, login.refreshToken()).statusCode()).isEqualTo(204);

		assertThat(this.api.refresh(node2, login.refreshToken()).statusCode()).isEqualTo(401);
	}

	@Test
	void replayOnTheOtherNodeRevokesTheWholeSession() {
		TokenPair login = this.api.newUser(node1, "replay");
		HttpResponse<String> rotated = this.api.refresh(node1, login.refreshToken());
		assertThat(rotated.statusCode()).as(FirstPartyApi.errorBody(rotated)).isEqualTo(200);
		TokenPair successor = TokenPair.of(rotated);

		assertThat(this.api.refresh(node2, login.refreshToken()).statusCode()).as("replay").isEqualTo(401);

		// never used, yet dead: the replay ended its family
		assertThat(this.api.refresh(node1, successor.refreshToken()).statusCode()).isEqualTo(401);
	}

	@Test
	void failedLoginsOfOneAccountAreCountedAcrossNodes() {
		String email = FirstPartyApi.uniqueEmail("throttled");
		assertThat(this.api.signUp(node1, email).statusCode()).isEqualTo(201);
		// the five free failures and the one that starts a block, alternating: no node saw more than three
		for (int attempt = 0; attempt < 6; attempt++) {
			String node = (attempt % 2 == 0) ? node1 : node2;
			assertThat(this.api.logIn(node, email, "not the password " + attempt).statusCode()).isEqualTo(401);
		}

		for (String node : system.nodeUrls()) {
			// even the right password waits
			HttpResponse<String> throttled = this.api.logIn(node, email, FirstPartyApi.PASSWORD);
			assertThat(throttled.statusCode()).as(node).isEqualTo(429);
			assertThat(throttled.headers().firstValue("Retry-After"))
				.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isPositive());
		}
	}

	private KeyAdmin admin(String node) {
		return new KeyAdmin(this.http, node, this.api.logInOrFail(node, ADMIN_EMAIL, ADMIN_PASSWORD).accessToken());
	}

	/** What both resource servers' people API and both nodes' {@code /api/auth/me} answer to {@code accessToken}. */
	private List<Integer> statuses(String accessToken) {
		List<Integer> statuses = new ArrayList<>();
		system.resourceServerUrls()
			.forEach((resourceServer) -> statuses.add(this.api.people(resourceServer, accessToken).statusCode()));
		system.nodeUrls().forEach((node) -> statuses.add(this.api.me(node, accessToken).statusCode()));
		return statuses;
	}

	/**
	 * Rotates via node 1's admin API, node 2's and the command line, each unforced and so retried while
	 * too early; returns the active kids in turn, {@code firstKid} first.
	 */
	private List<String> rotateThreeTimes(KeyAdmin admin1, KeyAdmin admin2, String firstKid) {
		List<String> activeKids = new ArrayList<>(List.of(firstKid));
		activeKids.add(rotateWhenAllowed(admin1));
		// the next key was created just now, on the other node: too early there as well
		long asked = System.nanoTime();
		HttpResponse<String> tooEarly = admin2.rotate();
		System.out.printf("Rotation at once via %s: %d in %d ms%n", admin2, tooEarly.statusCode(), millisSince(asked));
		assertThat(tooEarly.statusCode()).as("a second rotation at once, on the other node").isEqualTo(409);
		assertThat(tooEarly.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(tooEarly.headers().firstValue("Retry-After")).isPresent();
		activeKids.add(rotateWhenAllowed(admin2));
		activeKids.add(rotateByCommandWhenAllowed(admin1));
		assertThat(activeKids).doesNotHaveDuplicates();
		return activeKids;
	}

	/** Rotates (unforced) once the next key has been published for the lead; returns the new active kid. */
	private String rotateWhenAllowed(KeyAdmin admin) {
		long started = System.nanoTime();
		AtomicInteger attempts = new AtomicInteger();
		AtomicReference<String> active = new AtomicReference<>();
		await("unforced rotation via " + admin).atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> {
			attempts.incrementAndGet();
			HttpResponse<String> rotation = admin.rotate();
			if (rotation.statusCode() == 409) {
				return false;
			}
			assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(200);
			active.set(KeyAdmin.kidInState(keys(rotation.body()), "active"));
			return true;
		});
		System.out.printf("Rotated via %s in %d ms (%d attempts)%n", admin, millisSince(started), attempts.get());
		return active.get();
	}

	/**
	 * {@code keys rotate} (unforced) from the command line, again while it is refused (exit code 1 and
	 * "Refused" on stderr: too early); any other outcome than success fails with the command's log.
	 */
	private String rotateByCommandWhenAllowed(KeyAdmin admin) {
		long started = System.nanoTime();
		AtomicInteger attempts = new AtomicInteger();
		await("unforced rotation by the command line").atMost(Duration.ofSeconds(60)).pollInterval(POLL).until(() -> {
			attempts.incrementAndGet();
			ServerProcess.CommandResult rotation = system.keysCommand("rotate");
			if (rotation.exitCode() == 1 && rotation.log().contains("Refused")) {
				return false;
			}
			assertThat(rotation.exitCode()).as("keys rotate; its log:%n%s", rotation.log()).isZero();
			return true;
		});
		System.out.printf("Rotated by the command line in %d ms (%d runs)%n", millisSince(started), attempts.get());
		return KeyAdmin.kidInState(admin.list(), "active");
	}

	private static long millisSince(long nanoTime) {
		return (System.nanoTime() - nanoTime) / 1_000_000;
	}

}
