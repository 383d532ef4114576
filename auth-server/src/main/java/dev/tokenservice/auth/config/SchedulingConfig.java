package dev.tokenservice.auth.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background work of the server: the key ring's sync and the hourly purge of expired rows ({@link HourlyPurge}).
 * Not in the {@code keys} command line, which runs one command and exits.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfig {

}
