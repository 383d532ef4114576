package dev.tokenservice.auth.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.tokenservice.auth.support.MutableClockConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static dev.tokenservice.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code app.refresh.reuse-leeway}, a public client's replay shortly after a rotation (two tabs of
 * a browser app) gets a fresh pair; after the leeway it is reuse again. The same rule and SQL as the
 * first-party refresh, whose leeway runs on both databases.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.refresh.reuse-leeway=10s",
				"spring.datasource.url=jdbc:h2:mem:code-flow-leeway;MODE=PostgreSQL;DB_CLOSE_DELAY=-1" })
@ActiveProfiles("codeflow")
@Import(MutableClockConfig.class)
class CodeFlowReuseLeewayH2Tests extends CodeFlowSupport {

	@Test
	void aReplayWithinTheLeewayGetsAFreshPairAndAfterItRevokesTheSession() {
		Pending pending = authorize("spa", SPA_REDIRECT, Set.of("openid"), Instant.now());
		String first = (String) json(exchange(pending, null)).get("refresh_token");
		assertThat(refresh("spa", first).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(5));

		HttpResponse<String> withinLeeway = refresh("spa", first);

		assertThat(withinLeeway.statusCode()).as(withinLeeway.body()).isEqualTo(200);
		assertThat(revokedReason(pending.authorizationId())).isNull();

		this.clock.advance(Duration.ofSeconds(6));
		assertOAuth2Error(refresh("spa", first), 400, "invalid_grant");
		assertThat(revokedReason(pending.authorizationId())).isEqualTo("reuse");
		assertOAuth2Error(refresh("spa", (String) json(withinLeeway).get("refresh_token")), 400, "invalid_grant");
	}

}
