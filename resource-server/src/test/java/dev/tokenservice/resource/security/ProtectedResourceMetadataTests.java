package dev.tokenservice.resource.security;

import java.net.http.HttpResponse;
import java.util.List;

import dev.tokenservice.resource.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9728: a client refused here can find out which issuer to ask, and for which scopes. */
class ProtectedResourceMetadataTests extends ApiTest {

	@Test
	void metadataNamesTheIssuerAndScopes() {
		HttpResponse<String> response = call("GET", "/.well-known/oauth-protected-resource", null, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).containsEntry("authorization_servers", List.of(this.issuer.url()))
			.containsEntry("scopes_supported", List.of("people:read", "people:write"))
			.containsEntry("tls_client_certificate_bound_access_tokens", false);
	}

}
