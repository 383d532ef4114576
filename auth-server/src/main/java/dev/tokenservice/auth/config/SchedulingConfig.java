package dev.tokenservice.auth.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background work of the server: the key ring's sync and each feature's purge of its expired rows.
 * Not in the {@code keys} command line, which runs one command and exits.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfig {

}
