package dev.tokenservice.resource.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.resource.support.TestIssuer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only RS256 access tokens of the right issuer, audience and type, signed by a published key and
 * within their lifetime, get in; every other token is 401 {@code invalid_token} with a problem body.
 * Each bad token is forged here, one defect at a time.
 */
class TokenRejectionTests extends ApiTest {

	@Test
	void validAccessTokenIsAccepted() {
		assertThat(list(this.issuer.token().build()).statusCode()).isEqualTo(200);
	}

	@Test
	void missingTokenIsRejected() {
		assertInvalidToken(call("GET", "/api/people", null, null), false);
	}

	@Test
	void expiredTokenIsRejectedButSkewIsTolerated() {
		assertInvalidToken(list(this.issuer.token().expiresIn(Duration.ofSeconds(-40)).build()), true);
		HttpResponse<String> withinSkew = list(this.issuer.token().expiresIn(Duration.ofSeconds(-20)).build());
		assertThat(withinSkew.statusCode()).as(withinSkew.headers().map().toString()).isEqualTo(200);
	}

	@Test
	void tokenNotYetValidIsRejected() {
		Date inAMinute = Date.from(Instant.now().plusSeconds(60));
		assertInvalidToken(list(this.issuer.token().claim("nbf", inAMinute).build()), true);
	}

	@Test
	void wrongIssuerIsRejected() {
		assertInvalidToken(list(this.issuer.token().claim("iss", "http://evil.example").build()), true);
	}

	@Test
	void wrongOrMissingAudienceIsRejected() {
		assertInvalidToken(list(this.issuer.token().claim("aud", List.of("billing-api")).build()), true);
		assertInvalidToken(list(this.issuer.token().claim("aud", null).build()), true);
	}

	@Test
	void badSignatureIsRejected() {
		String token = this.issuer.token().build();
		int signatureStart = token.lastIndexOf('.') + 1;
		char flipped = (token.charAt(signatureStart + 5) == 'A') ? 'B' : 'A';
		String tampered = token.substring(0, signatureStart + 5) + flipped + token.substring(signatureStart + 6);

		assertInvalidToken(list(tampered), true);
	}

	@Test
	void unsignedTokenIsRejected() {
		assertInvalidToken(list(this.issuer.token().buildUnsigned()), true);
	}

	@Test
	void hs256SignedWithThePublicKeyIsRejected() {
		assertInvalidToken(list(this.issuer.token().buildHs256WithPublicKey()), true);
	}

	@Test
	void refreshTokenIsRejected() {
		String refresh = this.issuer.token()
			.type("rt+jwt")
			.claim("aud", List.of(this.issuer.url() + "/api/auth/refresh"))
			.build();

		assertInvalidToken(list(refresh), true);
	}

	@Test
	void plainJwtTypeIsRejected() {
		assertInvalidToken(list(this.issuer.token().type("JWT").build()), true);
		assertInvalidToken(list(this.issuer.token().type(null).build()), true);
	}

	@Test
	void unknownKidIsRejected() {
		RSAKey stranger = TestIssuer.newKey();

		assertInvalidToken(list(this.issuer.token().signedWith(stranger, stranger.getKeyID()).build()), true);
	}

	@Test
	void foreignKeyReusingAKnownKidIsRejected() {
		RSAKey stranger = TestIssuer.newKey();

		assertInvalidToken(
				list(this.issuer.token().signedWith(stranger, this.issuer.signingKey().getKeyID()).build()), true);
	}

	@Test
	void malformedTokensAreRejected() {
		for (String garbage : List.of("not-a-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9..", "%%%")) {
			assertInvalidToken(list(garbage), true);
		}
	}

	@Test
	void oversizedTokenIsRejectedBeforeParsing() {
		String huge = this.issuer.token().claim("padding", "x".repeat(9000)).build();

		assertInvalidToken(list(huge), true);
	}

	@Test
	void headersTooLargeForTomcatGetAProblemNotAnHtmlPage() {
		HttpResponse<String> response = list("x".repeat(20_000));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response)).containsEntry("status", 400L);
		assertThat(response.body()).doesNotContain("Tomcat");
	}

	@Test
	void keyPublishedAfterStartupIsFoundWithoutRestart() {
		assertThat(list(this.issuer.token().build()).statusCode()).isEqualTo(200);
		RSAKey rotated = TestIssuer.newKey();
		this.issuer.publish(rotated);

		String token = this.issuer.token().signedWith(rotated, rotated.getKeyID()).build();

		// the refetch may wait out the (test-short) rate-limit interval of an earlier unknown kid
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(list(token).statusCode()).isEqualTo(200));
	}

	private HttpResponse<String> list(String token) {
		return call("GET", "/api/people", token, null);
	}

	private static void assertInvalidToken(HttpResponse<String> response, boolean tokenPresented) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((value) -> {
			assertThat(value).startsWith("Bearer");
			if (tokenPresented) {
				assertThat(value).contains("error=\"invalid_token\"");
			}
		});
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json(response)).containsEntry("status", 401L).containsKey("title");
	}

}
