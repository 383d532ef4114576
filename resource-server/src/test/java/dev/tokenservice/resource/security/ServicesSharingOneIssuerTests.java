package dev.tokenservice.resource.security;

import java.net.http.HttpResponse;
import java.util.List;

import dev.tokenservice.resource.ResourceServerApplication;
import dev.tokenservice.resource.support.ApiTest;
import dev.tokenservice.resource.support.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two services trusting one issuer, each with its own audience: a token is good only where it was
 * meant to go. The second service is a whole second application on its own port.
 */
class ServicesSharingOneIssuerTests extends ApiTest {

	static ConfigurableApplicationContext billing;

	@BeforeAll
	static void startBillingService() {
		billing = new SpringApplicationBuilder(ResourceServerApplication.class).run("--server.port=0",
				"--app.issuer.uri=" + TestIssuer.shared().url(), "--app.tokens.audience=billing-api",
				"--spring.datasource.url=jdbc:h2:mem:billing;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
	}

	@AfterAll
	static void stopBillingService() {
		billing.close();
	}

	@Test
	void tokenForPeopleApiIsAcceptedThereAndRefusedByBilling() {
		String peopleToken = this.issuer.token().build();

		assertThat(call("GET", "/api/people", peopleToken, null).statusCode()).isEqualTo(200);
		assertThat(callBilling(peopleToken).statusCode()).isEqualTo(401);
	}

	@Test
	void tokenForBillingIsAcceptedThereAndRefusedByPeopleApi() {
		String billingToken = this.issuer.token().claim("aud", List.of("billing-api")).build();

		assertThat(callBilling(billingToken).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/people", billingToken, null).statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> callBilling(String token) {
		int billingPort = Integer.parseInt(billing.getEnvironment().getProperty("local.server.port"));
		return callPort(billingPort, token);
	}

	private HttpResponse<String> callPort(int otherPort, String token) {
		int own = this.port;
		this.port = otherPort;
		try {
			return call("GET", "/api/people", token, null);
		}
		finally {
			this.port = own;
		}
	}

}
