package dev.tokenservice.auth.support;

import dev.tokenservice.testsupport.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the application's clock with one the test moves. */
@TestConfiguration(proxyBeanMethods = false)
public class MutableClockConfig {

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock();
	}

}
