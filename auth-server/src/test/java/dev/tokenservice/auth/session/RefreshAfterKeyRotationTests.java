package dev.tokenservice.auth.session;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.keys.KeyRingService;
import dev.tokenservice.testsupport.TestHttp;
import dev.tokenservice.testsupport.MutableClock;
import dev.tokenservice.auth.support.MutableClockConfig;
import dev.tokenservice.auth.support.TokenVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static dev.tokenservice.testsupport.TestHttp.json;
import static dev.tokenservice.auth.support.KeyRingViews.nextKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refresh token outlives the publication of the key that signed it: after a rotation retires that
 * key and its publication ends, the token still refreshes (the server verifies against active and
 * retired keys), while a revoked key's tokens stop working. Own database: it rotates the ring.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:refresh-key-rotation;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
@Import(MutableClockConfig.class)
class RefreshAfterKeyRotationTests {

	static final String PASSWORD = "violet tangerine bicycle harbor";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	KeyRingService keyRing;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void refreshTokenSignedByARetiredUnpublishedKeyStillRefreshesUntilTheKeyIsRevoked() throws ParseException {
		TestHttp http = TestHttp.localhost(this.port);
		String signedByOldKey = login(http, "rotation-a@example.com");
		String alsoSignedByOldKey = login(http, "rotation-b@example.com");
		String oldKid = SignedJWT.parse(signedByOldKey).getHeader().getKeyID();
		String newKid = nextKey(this.keyRing).kid();

		this.clock.advance(Duration.ofMinutes(10));
		this.keyRing.rotate(false, "cli:test");
		this.clock.advance(Duration.ofHours(1));
		this.keyRing.reload();
		String jwks = http.get("/oauth2/jwks").body();
		assertThat(kids(jwks)).doesNotContain(oldKid).contains(newKid);

		HttpResponse<String> refreshed = refresh(http, signedByOldKey);

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		SignedJWT access = TokenVerifier.verify((String) json(refreshed).get("access_token"), jwks);
		assertThat(access.getHeader().getKeyID()).isEqualTo(newKid);
		assertThat(SignedJWT.parse((String) json(refreshed).get("refresh_token")).getHeader().getKeyID())
			.isEqualTo(newKid);

		this.keyRing.revoke(oldKid, "cli:test");
		assertThat(refresh(http, alsoSignedByOldKey).statusCode()).isEqualTo(401);
	}

	private static String login(TestHttp http, String email) {
		http.json("POST", "/api/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
		Map<String, Object> body = json(http.json("POST", "/api/auth/login",
				"{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"refresh_token_delivery\":\"body\"}"));
		return (String) body.get("refresh_token");
	}

	private static HttpResponse<String> refresh(TestHttp http, String token) {
		return http.json("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + token + "\"}");
	}

	private static List<String> kids(String jwks) throws ParseException {
		return JWKSet.parse(jwks).getKeys().stream().map((key) -> key.getKeyID()).toList();
	}

}
