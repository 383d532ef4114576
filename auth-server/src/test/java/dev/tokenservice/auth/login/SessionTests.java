package dev.tokenservice.auth.login;

import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.auth.login.AuthApi.SetCookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static dev.tokenservice.auth.support.Race.race;
import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Refresh-token rotation, reuse detection, lifetimes with a moved clock, and logout. */
interface SessionTests extends FirstPartyApi {

	@Test
	default void refreshByCookieRotatesAndAnswersByCookieOnly() {
		String first = SetCookie.of(api().login(signedUpUser(), PASSWORD, "cookie")).value();

		HttpResponse<String> refreshed = api().refreshWithCookie(first);

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(json(refreshed)).containsKey("access_token").doesNotContainKeys("refresh_token", "refresh_expires_in");
		SetCookie second = SetCookie.of(refreshed);
		second.assertHardened();
		assertThat(second.value()).isNotBlank().isNotEqualTo(first);
		assertThat(api().refreshWithCookie(second.value()).statusCode()).isEqualTo(200);
	}

	@Test
	default void refreshByBodyRotatesAndAnswersInTheBody() {
		Map<String, Object> login = loginBody(signedUpUser());
		String first = (String) login.get("refresh_token");

		HttpResponse<String> refreshed = api().refreshWithBody(first);

		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(refreshed.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(json(refreshed)).containsEntry("token_type", "Bearer").containsKeys("access_token", "expires_in");
		assertThat((String) json(refreshed).get("refresh_token")).isNotEqualTo(first);
		assertThat(json(refreshed).get("access_token")).isNotEqualTo(login.get("access_token"));
	}

	@Test
	default void reusedRefreshTokenRevokesTheFamily(CapturedOutput output) {
		String first = (String) loginBody(signedUpUser()).get("refresh_token");
		String second = (String) json(api().refreshWithBody(first)).get("refresh_token");

		assertProblem(api().refreshWithBody(first), 401);

		// the newest token of the family dies with it: the thief and the victim both have to log in
		assertProblem(api().refreshWithBody(second), 401);
		assertThat(output.getAll()).contains("Refresh token reuse detected");
	}

	@Test
	default void reusedRefreshCookieRevokesTheFamilyAndClearsTheCookie() {
		String first = SetCookie.of(api().login(signedUpUser(), PASSWORD, "cookie")).value();
		String second = SetCookie.of(api().refreshWithCookie(first)).value();

		HttpResponse<String> replay = api().refreshWithCookie(first);

		assertProblem(replay, 401);
		SetCookie.of(replay).assertCleared();
		assertProblem(api().refreshWithCookie(second), 401);
	}

	@Test
	default void concurrentRefreshesWithOneTokenHaveExactlyOneWinner() throws Exception {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");

		List<Integer> statuses = race(10, (i) -> api().refreshWithBody(token).statusCode());

		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn((status) -> status == 401).hasSize(9);
	}

	@Test
	default void badRefreshTokensAreUnauthorizedAndClearTheCookie() throws Exception {
		Map<String, Object> login = loginBody(signedUpUser());
		String accessToken = (String) login.get("access_token");
		String refreshToken = (String) login.get("refresh_token");
		String tampered = refreshToken.substring(0, refreshToken.lastIndexOf('.') + 1) + "AAAA"
				+ refreshToken.substring(refreshToken.lastIndexOf('.') + 5);

		for (String bad : List.of("garbage", "a.b.c", accessToken, tampered, foreignSigned(refreshToken))) {
			HttpResponse<String> byCookie = api().refreshWithCookie(bad);
			assertProblem(byCookie, 401);
			SetCookie.of(byCookie).assertCleared();
			HttpResponse<String> byBody = api().refreshWithBody(bad);
			assertProblem(byBody, 401);
			assertThat(byBody.headers().firstValue("Set-Cookie")).isEmpty();
		}
		assertProblem(http().json("POST", "/api/auth/refresh", null), 401);
		// none of that harmed the real session
		assertThat(api().refreshWithBody(refreshToken).statusCode()).isEqualTo(200);
	}

	/** The same header (kid included) and claims as a real refresh token, signed by a key of our own. */
	static String foreignSigned(String genuine) throws Exception {
		SignedJWT real = SignedJWT.parse(genuine);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("rt+jwt"))
			.keyID(real.getHeader().getKeyID())
			.build(), new JWTClaimsSet.Builder(real.getJWTClaimsSet()).jwtID("forged").build());
		forged.sign(new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));
		return forged.serialize();
	}

	@Test
	default void rotationNeverExtendsTheAbsoluteLifetime() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		for (int day = 6; day <= 30; day += 6) {
			clock().advance(Duration.ofDays(6));
			HttpResponse<String> refreshed = api().refreshWithBody(token);
			if (day < 30) {
				assertThat(refreshed.statusCode()).as("day %d", day).isEqualTo(200);
				assertThat((Long) json(refreshed).get("refresh_expires_in"))
					.isLessThanOrEqualTo(Duration.ofDays(30 - day).toSeconds());
				token = (String) json(refreshed).get("refresh_token");
			}
			else {
				assertProblem(refreshed, 401);
			}
		}
	}

	@Test
	default void rotatedCookieKeepsTheRemainingAbsoluteLifetimeAsMaxAge() {
		String cookie = SetCookie.of(api().login(signedUpUser(), PASSWORD, "cookie")).value();
		clock().advance(Duration.ofDays(5));

		SetCookie rotated = SetCookie.of(api().refreshWithCookie(cookie));

		assertThat(rotated.maxAge()).isBetween(Duration.ofDays(25).toSeconds() - 5, Duration.ofDays(25).toSeconds());
	}

	@Test
	default void refreshTokenUnusedForTheIdleTimeoutExpires() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		String used = (String) loginBody(signedUpUser()).get("refresh_token");

		clock().advance(Duration.ofDays(6));
		used = (String) json(api().refreshWithBody(used)).get("refresh_token");
		clock().advance(Duration.ofDays(1).plusSeconds(1));

		assertProblem(api().refreshWithBody(token), 401);
		assertThat(api().refreshWithBody(used).statusCode()).as("refreshed a day ago").isEqualTo(200);
	}

	@Test
	default void logoutByCookieEndsTheSessionAndClearsTheCookie() {
		String cookie = SetCookie.of(api().login(signedUpUser(), PASSWORD, "cookie")).value();

		HttpResponse<String> logout = api().logoutWithCookie(cookie);

		assertThat(logout.statusCode()).isEqualTo(204);
		SetCookie.of(logout).assertCleared();
		assertProblem(api().refreshWithCookie(cookie), 401);
		assertThat(api().logoutWithCookie(cookie).statusCode()).as("again").isEqualTo(204);
	}

	@Test
	default void logoutByBodyEndsTheSessionAndIsIdempotent() {
		String token = (String) loginBody(signedUpUser()).get("refresh_token");
		String body = "{\"refresh_token\":\"" + token + "\"}";

		assertThat(http().json("POST", "/api/auth/logout", body).statusCode()).isEqualTo(204);
		assertThat(http().json("POST", "/api/auth/logout", body).statusCode()).isEqualTo(204);
		assertThat(http().json("POST", "/api/auth/logout", null).statusCode()).isEqualTo(204);
		assertThat(http().json("POST", "/api/auth/logout", "{\"refresh_token\":\"garbage\"}").statusCode())
			.isEqualTo(204);
		assertProblem(api().refreshWithBody(token), 401);
	}

	@Test
	default void logoutByAccessTokenEndsItsSessionOnly() {
		String email = signedUpUser();
		Map<String, Object> phone = loginBody(email);
		Map<String, Object> laptop = loginBody(email);

		HttpResponse<String> logout = http().json("POST", "/api/auth/logout", null, "Authorization",
				"Bearer " + phone.get("access_token"));

		assertThat(logout.statusCode()).isEqualTo(204);
		assertProblem(api().refreshWithBody((String) phone.get("refresh_token")), 401);
		assertThat(api().refreshWithBody((String) laptop.get("refresh_token")).statusCode()).isEqualTo(200);
	}

}
