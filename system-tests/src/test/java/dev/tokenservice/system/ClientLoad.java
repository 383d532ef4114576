package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Clients that keep working while the keys change: each signs up once, then logs in and loops over
 * the people API, {@code /api/auth/me} and a refresh, every call on the other node (or resource
 * server) than its previous one of that kind, with a fresh login every few rounds. A refusal of a
 * token signed by the revoked key, sent once its revocation had begun, is expected; every other
 * refusal or error is a failure. Bounded by rounds and by time: it stops by itself.
 */
final class ClientLoad {

	private static final int ROUNDS_PER_LOGIN = 10;

	private static final int MAX_ROUNDS = 5000;

	private final FirstPartyApi api;

	private final List<String> nodes;

	private final List<String> resourceServers;

	private final long deadline;

	private final ExecutorService workers;

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final Map<String, LongAdder> succeeded = new ConcurrentHashMap<>();

	private final LongAdder refusedAsRevoked = new LongAdder();

	private final LongAdder failed = new LongAdder();

	// the first few, for the report
	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	private final Set<String> acceptedKids = ConcurrentHashMap.newKeySet();

	private volatile String revokedKid;

	private ClientLoad(FirstPartyApi api, List<String> nodes, List<String> resourceServers, int clients,
			Duration maxDuration) {
		this.api = api;
		this.nodes = nodes;
		this.resourceServers = resourceServers;
		this.deadline = System.nanoTime() + maxDuration.toNanos();
		this.workers = Executors.newFixedThreadPool(clients);
	}

	static ClientLoad start(FirstPartyApi api, List<String> nodes, List<String> resourceServers, int clients,
			Duration maxDuration) {
		ClientLoad load = new ClientLoad(api, nodes, resourceServers, clients, maxDuration);
		for (int client = 0; client < clients; client++) {
			int number = client;
			load.workers.execute(() -> load.run(number));
		}
		return load;
	}

	/** From now on, refusals of tokens signed by {@code kid} are expected. Call before revoking it. */
	void revoking(String kid) {
		this.revokedKid = kid;
	}

	Report stop() throws InterruptedException {
		this.stopped.set(true);
		this.workers.shutdown();
		if (!this.workers.awaitTermination(60, TimeUnit.SECONDS)) {
			this.workers.shutdownNow();
			this.failed.increment();
			this.failures.add("a client did not stop within 60s");
		}
		Map<String, Long> counts = new TreeMap<>();
		this.succeeded.forEach((kind, count) -> counts.put(kind, count.sum()));
		return new Report(counts, this.refusedAsRevoked.sum(), this.failed.sum(), List.copyOf(this.failures),
				Set.copyOf(this.acceptedKids));
	}

	private void run(int client) {
		String email = FirstPartyApi.uniqueEmail("load-" + client);
		int[] turns = { client, client, client, client };
		if (send("signup", null, () -> this.api.signUp(pick(this.nodes, turns[0]++), email)) == null) {
			return;
		}
		TokenPair tokens = null;
		for (int round = 0; round < MAX_ROUNDS && !this.stopped.get() && System.nanoTime() < this.deadline; round++) {
			if (tokens == null || round % ROUNDS_PER_LOGIN == 0) {
				HttpResponse<String> login = send("login", null,
						() -> this.api.logIn(pick(this.nodes, turns[0]++), email, FirstPartyApi.PASSWORD));
				tokens = (login != null) ? TokenPair.of(login) : null;
				continue;
			}
			String access = tokens.accessToken();
			String refresh = tokens.refreshToken();
			HttpResponse<String> refreshed = null;
			if (send("people", access, () -> this.api.people(pick(this.resourceServers, turns[1]++), access)) != null
					&& send("me", access, () -> this.api.me(pick(this.nodes, turns[2]++), access)) != null) {
				refreshed = send("refresh", refresh, () -> this.api.refresh(pick(this.nodes, turns[3]++), refresh));
			}
			// after any refusal the client starts over with a login, as an app would
			tokens = (refreshed != null) ? TokenPair.of(refreshed) : null;
		}
	}

	/** Sends one request with {@code token} (or none); the answer if it succeeded, else null. */
	private HttpResponse<String> send(String kind, String token, Supplier<HttpResponse<String>> request) {
		String kid = (token != null) ? TokenPair.kid(token) : null;
		boolean revoked = kid != null && kid.equals(this.revokedKid);
		String outcome;
		try {
			HttpResponse<String> response = request.get();
			if (response.statusCode() / 100 == 2) {
				this.succeeded.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
				if (kid != null) {
					this.acceptedKids.add(kid);
				}
				return response;
			}
			outcome = response.statusCode() + " " + response.body();
		}
		catch (RuntimeException ex) {
			outcome = ex.toString();
		}
		if (revoked) {
			this.refusedAsRevoked.increment();
		}
		else {
			this.failed.increment();
			if (this.failures.size() < 20) {
				this.failures.add(kind + " (kid " + kid + "): " + outcome);
			}
		}
		return null;
	}

	private static String pick(List<String> servers, int turn) {
		return servers.get(turn % servers.size());
	}

	/**
	 * Successful requests by kind, expected refusals (revoked key), unexpected failures (with the first
	 * few of them), and the kids of the tokens that were accepted.
	 */
	record Report(Map<String, Long> succeeded, long refusedAsRevoked, long failed, List<String> failures,
			Set<String> acceptedKids) {

		long requests() {
			return this.succeeded.values().stream().mapToLong(Long::longValue).sum() + this.refusedAsRevoked
					+ this.failed;
		}

	}

}
