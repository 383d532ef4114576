package dev.tokenservice.resource.security;

import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.resource.support.TestIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A token accepted before its key left the issuer's JWKS is refused once the keys are fetched again,
 * however long accepted tokens are kept otherwise.
 */
@TestPropertySource(properties = { "app.issuer.jwks-cache-ttl=300ms", "app.tokens.verified-cache-ttl=1h" })
class WithdrawnKeyTests extends ApiTest {

	@Test
	void aTokenOfAWithdrawnKeyIsRefusedWhenTheKeysAreNextFetched() {
		RSAKey withdrawn = TestIssuer.newKey();
		this.issuer.publish(withdrawn);
		String token = this.issuer.token().signedWith(withdrawn, withdrawn.getKeyID()).build();
		await().atMost(Duration.ofSeconds(5)).until(() -> list(token) == 200);

		this.issuer.withdraw(withdrawn);

		// another client's new token makes the service look at the keys again once their TTL has passed
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
			assertThat(list(this.issuer.token().build())).isEqualTo(200);
			return list(token) == 401;
		});
	}

	private int list(String token) {
		return call("GET", "/api/people", token, null).statusCode();
	}

}
