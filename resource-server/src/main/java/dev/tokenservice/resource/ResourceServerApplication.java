package dev.tokenservice.resource;

import dev.tokenservice.web.ExitOnTerm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ResourceServerApplication {

	public static void main(String[] args) {
		// a graceful stop on SIGTERM is a normal end: status 0, after Spring has shut down
		ExitOnTerm.install();
		SpringApplication.run(ResourceServerApplication.class, args);
	}

}
