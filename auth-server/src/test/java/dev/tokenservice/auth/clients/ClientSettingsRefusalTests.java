package dev.tokenservice.auth.clients;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tokenservice.auth.AuthServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Client settings that cannot work stop the server at startup, with a message naming client and rule. */
class ClientSettingsRefusalTests {

	record Refusal(String name, Map<String, String> settings, String message) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static List<Refusal> refusals() {
		return List.of(
				new Refusal("public client without redirect URI",
						settings("authentication-methods", "none", "grant-types", "refresh_token"),
						"Client 'app1': a public client (authentication method 'none') needs at least one redirect-uri"),
				new Refusal("public client with client_credentials",
						settings("authentication-methods", "none", "grant-types", "client_credentials",
								"redirect-uris", "https://app.example.com/cb"),
						"Client 'app1': a public client (authentication method 'none') cannot have grant type client_credentials"),
				new Refusal("authorization_code without redirect URI",
						settings("client-secret", "a-long-enough-secret-123", "grant-types", "authorization_code"),
						"Client 'app1': grant type authorization_code needs at least one redirect-uri"),
				new Refusal("none mixed with a secret method",
						settings("authentication-methods", "none,client_secret_basic", "client-secret",
								"a-long-enough-secret-123", "grant-types", "authorization_code", "redirect-uris",
								"https://app.example.com/cb"),
						"Client 'app1': authentication method 'none' (public client) cannot be combined with a secret method"),
				new Refusal("secret given to a public client",
						settings("authentication-methods", "none", "client-secret", "a-long-enough-secret-123",
								"grant-types", "authorization_code", "redirect-uris", "https://app.example.com/cb"),
						"Client 'app1': a public client (authentication method 'none') must have no client-secret"),
				new Refusal("confidential client without secret", settings("grant-types", "client_credentials"),
						"Client 'app1': client-secret is required unless the authentication method is 'none' (public client) or 'private_key_jwt'"),
				new Refusal("relative redirect URI",
						settings("authentication-methods", "none", "grant-types", "authorization_code",
								"redirect-uris", "/callback"),
						"Client 'app1': redirect-uri '/callback' must be an absolute URI"),
				new Refusal("redirect URI with a fragment",
						settings("authentication-methods", "none", "grant-types", "authorization_code",
								"redirect-uris", "https://app.example.com/cb#x"),
						"Client 'app1': redirect-uri 'https://app.example.com/cb#x' must not have a fragment"),
				new Refusal("post-logout redirect URI with a fragment",
						settings("authentication-methods", "none", "grant-types", "authorization_code",
								"redirect-uris", "https://app.example.com/cb", "post-logout-redirect-uris",
								"https://app.example.com/#bye"),
						"Client 'app1': post-logout-redirect-uri 'https://app.example.com/#bye' must not have a fragment"),
				new Refusal("private key in the jwks of a private_key_jwt client",
						settings("authentication-methods", "private_key_jwt", "jwks", PRIVATE_JWKS),
						"Client 'app1': jwks must hold public keys only: a key has private parameters (make a new key pair, this one has leaked)"),
				new Refusal("symmetric key in the jwks", settings("authentication-methods", "private_key_jwt", "jwks",
						"{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}]}"),
						"Client 'app1': jwks must hold public keys only: a key has private parameters (make a new key pair, this one has leaked)"),
				new Refusal("jwks that is not a JWK set",
						settings("authentication-methods", "private_key_jwt", "jwks", "{\"kty\":\"RSA\"}"),
						"Client 'app1': jwks is not a JWK set (RFC 7517 §5: {\"keys\": [...]})"),
				new Refusal("private_key_jwt without keys", settings("authentication-methods", "private_key_jwt"),
						"Client 'app1': a 'private_key_jwt' client needs exactly one of jwks and jwks-uri"),
				new Refusal("private_key_jwt with both jwks and jwks-uri",
						settings("authentication-methods", "private_key_jwt", "jwks", PUBLIC_JWKS, "jwks-uri",
								"https://svc.example.com/jwks.json"),
						"Client 'app1': a 'private_key_jwt' client needs exactly one of jwks and jwks-uri"),
				new Refusal("private_key_jwt with a secret",
						settings("authentication-methods", "private_key_jwt", "jwks", PUBLIC_JWKS, "client-secret",
								"a-long-enough-secret-123"),
						"Client 'app1': a 'private_key_jwt' client must have no client-secret"),
				new Refusal("private_key_jwt with a secret method",
						settings("authentication-methods", "private_key_jwt,client_secret_basic", "jwks", PUBLIC_JWKS),
						"Client 'app1': authentication method 'private_key_jwt' cannot be combined with another method"),
				new Refusal("relative jwks-uri",
						settings("authentication-methods", "private_key_jwt", "jwks-uri", "/jwks.json"),
						"Client 'app1': jwks-uri '/jwks.json' must be an absolute https URL"),
				new Refusal("plain-http jwks-uri",
						settings("authentication-methods", "private_key_jwt", "jwks-uri", "http://svc.example.com/jwks"),
						"Client 'app1': jwks-uri 'http://svc.example.com/jwks' must be an https URL (http only on localhost, for tests)"),
				new Refusal("jwks for a secret client",
						settings("client-secret", "a-long-enough-secret-123", "jwks", PUBLIC_JWKS),
						"Client 'app1': jwks and jwks-uri are only for the authentication method 'private_key_jwt'"),
				new Refusal("public client with token exchange",
						settings("authentication-methods", "none", "grant-types",
								"authorization_code,urn:ietf:params:oauth:grant-type:token-exchange", "redirect-uris",
								"https://app.example.com/cb", "token-exchange-audiences", "billing-api"),
						"Client 'app1': a public client (authentication method 'none') cannot have grant type "
								+ "urn:ietf:params:oauth:grant-type:token-exchange"),
				new Refusal("token-exchange audiences without the grant type",
						settings("client-secret", "a-long-enough-secret-123", "grant-types", "client_credentials",
								"token-exchange-audiences", "billing-api"),
						"Client 'app1': token-exchange-audiences needs grant type "
								+ "urn:ietf:params:oauth:grant-type:token-exchange"),
				new Refusal("token exchange without audiences",
						settings("client-secret", "a-long-enough-secret-123", "grant-types",
								"urn:ietf:params:oauth:grant-type:token-exchange"),
						"Client 'app1': grant type urn:ietf:params:oauth:grant-type:token-exchange needs at least one "
								+ "token-exchange-audience"));
	}

	static final RSAKey KEY = rsa();

	static final String PUBLIC_JWKS = new JWKSet(KEY.toPublicJWK()).toString();

	static final String PRIVATE_JWKS = new JWKSet(KEY).toString(false);

	static RSAKey rsa() {
		try {
			return new RSAKeyGenerator(2048).keyID("k1").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aPrivateKeyJwtClientWithInlineKeysOrAJwksUriIsAccepted() {
		assertThat(bind(settings("authentication-methods", "private_key_jwt", "jwks", PUBLIC_JWKS)).clients()
			.get(0)
			.jwks()).isEqualTo(PUBLIC_JWKS);
		assertThat(bind(settings("authentication-methods", "private_key_jwt", "jwks-uri",
				"https://svc.example.com/jwks.json"))
			.clients()
			.get(0)
			.jwksUri()).isEqualTo("https://svc.example.com/jwks.json");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theAuthServerDoesNotStartWithPrivateKeyMaterialAndDoesNotPrintIt(CapturedOutput output) {
		String[] arguments = { "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:client-refusal-jwks;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
				"--app.clients[0].client-id=svc", "--app.clients[0].audiences=people-api",
				"--app.clients[0].authentication-methods=private_key_jwt", "--app.clients[0].jwks=" + PRIVATE_JWKS };

		assertThatThrownBy(() -> new SpringApplicationBuilder(AuthServerApplication.class).run(arguments).close())
			.hasRootCauseInstanceOf(InvalidClientSettingsException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("Client 'svc': jwks must hold public keys only")
			.doesNotContain(KEY.getPrivateExponent().toString())
			.doesNotContain(KEY.getFirstPrimeFactor().toString());
	}

	@ParameterizedTest
	@MethodSource("refusals")
	void refusedWithAMessageNamingTheClientAndTheRule(Refusal refusal) {
		Throwable failure = catchThrowable(() -> bind(refusal.settings()));

		assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
			.isInstanceOf(InvalidClientSettingsException.class)
			.hasMessage(refusal.message());
		FailureAnalysis analysis = new InvalidClientSettingsFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo(refusal.message());
		assertThat(analysis.getAction()).contains("app.clients[i]");
	}

	@Test
	void aPublicClientAndAConfidentialWebAppAreAccepted() {
		ClientsProperties bound = bind(settings("authentication-methods", "none", "grant-types",
				"authorization_code,refresh_token", "redirect-uris", "http://localhost:5173/callback,com.example.app:/cb",
				"post-logout-redirect-uris", "http://localhost:5173/"));

		assertThat(bound.clients().get(0).isPublic()).isTrue();
		assertThat(bound.clients().get(0).requireConsent()).isFalse();
		assertThat(bound.publicClientOrigins()).containsExactly("http://localhost:5173");
		assertThat(bind(settings("client-secret", "a-long-enough-secret-123", "grant-types",
				"authorization_code,refresh_token", "redirect-uris", "https://web.example.com/cb", "require-consent",
				"true"))
			.clients()
			.get(0)
			.requireConsent()).isTrue();
	}

	@Test
	void aConfidentialServiceWithTokenExchangeAudiencesIsAccepted() {
		ClientsProperties.Client client = bind(settings("client-secret", "a-long-enough-secret-123", "grant-types",
				"client_credentials,urn:ietf:params:oauth:grant-type:token-exchange", "token-exchange-audiences",
				"billing-api,orders-api"))
			.clients()
			.get(0);

		assertThat(client.grantTypes()).contains(ClientsProperties.TOKEN_EXCHANGE);
		assertThat(client.tokenExchangeAudiences()).containsExactly("billing-api", "orders-api");
	}

	@Test
	void theServerDoesNotStartWithSuchAClient() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
			.withPropertyValues("app.clients[0].client-id=app1", "app.clients[0].audiences=people-api",
					"app.clients[0].authentication-methods=none", "app.clients[0].grant-types=client_credentials",
					"app.clients[0].redirect-uris=https://app.example.com/cb")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("Client 'app1'")
				.hasMessageContaining("client_credentials"));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theAuthServerReportsTheRuleInsteadOfAStackTrace(CapturedOutput output) {
		String[] arguments = { "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:client-refusal;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
				"--app.clients[0].client-id=spa", "--app.clients[0].audiences=people-api",
				"--app.clients[0].authentication-methods=none", "--app.clients[0].grant-types=authorization_code" };

		assertThatThrownBy(() -> new SpringApplicationBuilder(AuthServerApplication.class).run(arguments).close())
			.hasRootCauseInstanceOf(InvalidClientSettingsException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("Client 'spa': a public client (authentication method 'none') needs at least one redirect-uri")
			.contains("Fix that client's app.clients[i] settings");
	}

	@EnableConfigurationProperties(ClientsProperties.class)
	static class PropertiesOnly {

	}

	static ClientsProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("app", ClientsProperties.class);
	}

	static Map<String, String> settings(String... namesAndValues) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("app.clients[0].client-id", "app1");
		settings.put("app.clients[0].audiences", "people-api");
		for (int i = 0; i < namesAndValues.length; i += 2) {
			settings.put("app.clients[0]." + namesAndValues[i], namesAndValues[i + 1]);
		}
		return settings;
	}

}
