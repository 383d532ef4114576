package dev.tokenservice.system;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONArrayUtils;
import dev.tokenservice.testsupport.TestHttp;

import static dev.tokenservice.testsupport.TestHttp.json;

/** The signing-key admin API of one node, called with an admin's access token as an operator's script would. */
final class KeyAdmin {

	private final TestHttp http;

	private final String node;

	private final String accessToken;

	KeyAdmin(TestHttp http, String node, String accessToken) {
		this.http = http;
		this.node = node;
		this.accessToken = accessToken;
	}

	List<Map<String, Object>> list() {
		HttpResponse<String> keys = this.http.get(this.node + "/api/admin/keys", TestHttp.bearer(this.accessToken));
		if (keys.statusCode() != 200) {
			throw new AssertionError("GET /api/admin/keys on " + this.node + ": " + keys.statusCode() + " " + keys.body());
		}
		return keys(keys.body());
	}

	HttpResponse<String> rotate() {
		return post("/api/admin/keys/rotate");
	}

	HttpResponse<String> revoke(String kid) {
		return post("/api/admin/keys/" + kid + "/revoke");
	}

	/** The key list of an admin answer or of {@code keys list --json}. */
	static List<Map<String, Object>> keys(String json) {
		try {
			return JSONArrayUtils.parse(json).stream().map(KeyAdmin::object).toList();
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON array of keys: " + json, ex);
		}
	}

	/** The kid of the only key in {@code state} ({@code active} or {@code next}). */
	static String kidInState(List<Map<String, Object>> keys, String state) {
		List<String> kids = keys.stream()
			.filter((key) -> state.equals(key.get("state")))
			.map((key) -> (String) key.get("kid"))
			.toList();
		if (kids.size() != 1) {
			throw new AssertionError("Expected one " + state + " key, found " + kids + " in " + keys);
		}
		return kids.get(0);
	}

	static String stateOf(List<Map<String, Object>> keys, String kid) {
		return keys.stream()
			.filter((key) -> kid.equals(key.get("kid")))
			.map((key) -> (String) key.get("state"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No key " + kid + " in " + keys));
	}

	/** The kids a node's JWKS endpoint publishes right now. */
	static Set<String> publishedKids(TestHttp http, String node) {
		HttpResponse<String> jwks = http.get(node + "/oauth2/jwks");
		if (jwks.statusCode() != 200) {
			throw new AssertionError("JWKS of " + node + ": " + jwks.statusCode() + " " + jwks.body());
		}
		List<?> keys = (List<?>) json(jwks).get("keys");
		return keys.stream().map((key) -> (String) object(key).get("kid")).collect(Collectors.toSet());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object value) {
		return (Map<String, Object>) value;
	}

	@Override
	public String toString() {
		return "key admin API of " + this.node;
	}

	private HttpResponse<String> post(String path) {
		return this.http.json("POST", this.node + path, null, TestHttp.bearer(this.accessToken));
	}

}
