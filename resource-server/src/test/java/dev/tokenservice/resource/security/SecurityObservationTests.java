package dev.tokenservice.resource.security;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.tokenservice.resource.support.ApiTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Security's per-filter observations are off (web-support's default); the HTTP one stays. */
class SecurityObservationTests extends ApiTest {

	@Autowired
	ObservationRegistry observations;

	@Test
	void aProtectedRequestIsObservedOnceAsAnHttpRequestAndNotByEachSecurityFilter() {
		Queue<String> started = new ConcurrentLinkedQueue<>();
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public void onStart(Observation.Context context) {
				started.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});

		assertThat(call("GET", "/api/people", this.issuer.token().build(), null).statusCode()).isEqualTo(200);

		assertThat(started).contains("http.server.requests").noneMatch((name) -> name.startsWith("spring.security"));
	}

}
