package dev.tokenservice.auth.issuer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counter {@code auth.tokens.issued}: access tokens handed out, tagged {@code grant_type} and
 * {@code client_id}. Clients are a configured set, so the tags are bounded: every configured client with
 * each of its grant types is registered at start (reading 0), and a client or grant type outside that set
 * counts as {@code other}. Called where a token response leaves the server: SAS's token endpoint and the
 * first-party login and refresh.
 */
public final class TokensIssued {

	public static final String NAME = "auth.tokens.issued";

	public static final String OTHER = "other";

	/** The tag value of RFC 8693's grant type, whose name is a URN. */
	public static final String TOKEN_EXCHANGE = "token_exchange";

	private static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

	private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "client_credentials",
			"refresh_token", "password", TOKEN_EXCHANGE);

	private final MeterRegistry registry;

	private final Map<String, ? extends Collection<String>> clients;

	private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

	/** {@code clients}: each client id with the grant types it may use. */
	public TokensIssued(MeterRegistry registry, Map<String, ? extends Collection<String>> clients) {
		this.registry = registry;
		this.clients = Map.copyOf(clients);
		this.clients.forEach(
				(clientId, grantTypes) -> grantTypes.forEach((grantType) -> counter(tag(grantType), clientId)));
	}

	/** One access token issued to {@code clientId} with {@code grantType}. */
	public void issued(String grantType, String clientId) {
		String client = this.clients.containsKey(clientId) ? clientId : OTHER;
		String grant = tag(grantType);
		counter(GRANT_TYPES.contains(grant) ? grant : OTHER, client).increment();
	}

	/** The tag of a grant type: its own name, {@code token_exchange} for RFC 8693's URN. */
	private static String tag(String grantType) {
		return TOKEN_EXCHANGE_GRANT.equals(grantType) ? TOKEN_EXCHANGE : grantType;
	}

	private Counter counter(String grantType, String clientId) {
		return this.counters.computeIfAbsent(grantType + ' ' + clientId, (key) -> Counter.builder(NAME)
			.description("Access tokens issued, by grant type and client")
			.tag("grant_type", grantType)
			.tag("client_id", clientId)
			.register(this.registry));
	}

}
