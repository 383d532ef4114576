package dev.tokenservice.system;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuthorizationCodeFlowContract} against one auth-server on its embedded H2 default. */
class AuthorizationCodeFlowH2Tests extends AuthorizationCodeFlowContract {

	@TempDir
	static Path data;

	static CodeFlowSystem system;

	@BeforeAll
	static void startServers() {
		long started = System.nanoTime();
		system = CodeFlowSystem.onH2(data);
		System.out.printf("Auth-server (H2), resource server and relying party ready in %d ms%n",
				(System.nanoTime() - started) / 1_000_000);
	}

	@AfterAll
	static void stopServers() {
		if (system != null) {
			system.close();
		}
	}

	@Override
	CodeFlowSystem system() {
		return system;
	}

}
