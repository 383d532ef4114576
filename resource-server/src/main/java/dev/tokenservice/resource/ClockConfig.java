package dev.tokenservice.resource;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfig {

	/** Microseconds, what both databases keep: a response shows the same instant a later read returns. */
	@Bean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.of(1, ChronoUnit.MICROS));
	}

}
