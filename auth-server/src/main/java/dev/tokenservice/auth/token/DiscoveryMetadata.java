package dev.tokenservice.auth.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.tokenservice.auth.clients.ClientKeys;
import dev.tokenservice.auth.clients.ClientsProperties;

/**
 * What both discovery documents (RFC 8414 and OpenID Connect Discovery) say beyond the endpoints, so
 * that they advertise exactly what works: the authorization-code flow with PKCE S256 only, the four
 * grants (token exchange, RFC 8693, among them), the client authentication methods this server accepts
 * (public clients: {@code none}; key-based {@code private_key_jwt} with the asymmetric algorithms of
 * {@link ClientKeys#ALGORITHMS}), the scopes of the configured clients, the claims of the ID token and
 * userinfo, and {@code prompt=create}. SAS's defaults name features this server does not offer (DPoP- and
 * certificate-bound tokens, {@code client_secret_jwt} and certificate client authentication): those are removed.
 */
public class DiscoveryMetadata {

	// RFC 8693, for the clients given the grant (docs/token-exchange.md)
	private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	private static final List<String> CONFIDENTIAL_METHODS = List.of("client_secret_basic", "client_secret_post",
			ClientKeys.PRIVATE_KEY_JWT);

	private static final List<String> CLIENT_METHODS = List.of("client_secret_basic", "client_secret_post",
			ClientKeys.PRIVATE_KEY_JWT, "none");

	private static final List<String> NOT_OFFERED = List.of("tls_client_certificate_bound_access_tokens",
			"dpop_signing_alg_values_supported", "device_authorization_endpoint",
			"pushed_authorization_request_endpoint", "registration_endpoint",
			"require_pushed_authorization_requests");

	private final List<String> scopes;

	public DiscoveryMetadata(ClientsProperties clients) {
		TreeSet<String> scopes = new TreeSet<>(List.of("openid", "email", "roles"));
		clients.clients().forEach((client) -> scopes.addAll(client.scopes()));
		this.scopes = List.copyOf(scopes);
	}

	/** Applies to the claims of either document's builder. */
	public void apply(Map<String, Object> claims) {
		NOT_OFFERED.forEach(claims::remove);
		claims.put("response_types_supported", list("code"));
		claims.put("grant_types_supported", list("authorization_code", "refresh_token", "client_credentials",
				TOKEN_EXCHANGE));
		claims.put("code_challenge_methods_supported", list("S256"));
		claims.put("token_endpoint_auth_methods_supported", new ArrayList<>(CLIENT_METHODS));
		claims.put("revocation_endpoint_auth_methods_supported", new ArrayList<>(CLIENT_METHODS));
		claims.put("introspection_endpoint_auth_methods_supported", new ArrayList<>(CONFIDENTIAL_METHODS));
		// the algorithms of a private_key_jwt assertion, at each endpoint that takes one
		for (String endpoint : List.of("token", "revocation", "introspection")) {
			claims.put(endpoint + "_endpoint_auth_signing_alg_values_supported",
					new ArrayList<>(ClientKeys.algorithmNames()));
		}
		claims.put("scopes_supported", new ArrayList<>(this.scopes));
		claims.put("claims_supported", list("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "sid",
				"at_hash", "email", "roles"));
		claims.put("authorization_response_iss_parameter_supported", true);
		// OpenID Connect Initiating User Registration. Not "none", "login", "consent", "select_account": SAS
		// ignores the last three, and sends a signed-out browser with "none" to the login page
		claims.put("prompt_values_supported", list("create"));
	}

	private static List<String> list(String... values) {
		return new ArrayList<>(List.of(values));
	}

}
