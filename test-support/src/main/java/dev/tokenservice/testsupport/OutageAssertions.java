package dev.tokenservice.testsupport;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client must see from a service whose database is out of reach. */
public final class OutageAssertions {

	/** The longest a request may take to be refused: the pool's 2s connection wait and some slack. */
	public static final Duration FAIL_FAST = Duration.ofMillis(3500);

	private OutageAssertions() {
	}

	/** {@code request} is answered 503 with Retry-After as a problem document within {@link #FAIL_FAST}. */
	public static void answersServiceUnavailableQuickly(String what, Supplier<HttpResponse<String>> request) {
		long started = System.nanoTime();
		HttpResponse<String> response = request.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(response.statusCode()).as("%s: %s", what, response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).as(what).isPresent();
		assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
		assertThat(took).as("%s answered after %s", what, took).isLessThan(FAIL_FAST);
	}

}
