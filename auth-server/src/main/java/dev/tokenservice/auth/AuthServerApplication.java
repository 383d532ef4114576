package dev.tokenservice.auth;

import java.util.Arrays;

import dev.tokenservice.auth.cli.ClientsCommand;
import dev.tokenservice.auth.cli.KeysCommand;

import dev.tokenservice.web.ExitOnTerm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthServerApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("keys")) {
			// the key-ring command line: runs one command against the database and exits
			System.exit(KeysCommand.main(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && args[0].equals("clients")) {
			// the client command line: runs one command against the database and exits
			System.exit(ClientsCommand.main(Arrays.copyOfRange(args, 1, args.length)));
		}
		// a graceful stop on SIGTERM is a normal end: status 0, after Spring has shut down
		ExitOnTerm.install();
		SpringApplication.run(AuthServerApplication.class, args);
	}

}
