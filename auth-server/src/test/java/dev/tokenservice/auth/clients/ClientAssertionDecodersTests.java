package dev.tokenservice.auth.clients;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenservice.testsupport.MutableClock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Why each client assertion that must not pass is refused, without HTTP: the rule, not just the refusal. */
class ClientAssertionDecodersTests {

	static final String ISSUER = "https://issuer.example.com";

	static final RSAKey KEY = rsa("k1");

	final MutableClock clock = MutableClock.stopped();

	final UsedClientAssertions used = new UsedClientAssertions(database(), Duration.ofSeconds(30));

	final ClientAssertionDecoders decoders = new ClientAssertionDecoders(ISSUER, ISSUER + "/oauth2/token", this.used,
			Duration.ofSeconds(30), this.clock);

	final JwtDecoder decoder = this.decoders.createDecoder(client(new JWKSet(KEY.toPublicJWK()).toString()));

	@Test
	void aGoodAssertionPassesOnce() {
		String assertion = assertion((claims) -> {
		});

		assertThat(this.decoder.decode(assertion).getSubject()).isEqualTo("svc");
		refused(assertion, "used already");
	}

	@Test
	void eachBrokenRuleIsNamed() {
		Instant now = this.clock.instant();
		refused(assertion((claims) -> claims.audience("https://other.example.com")), "aud claim is not valid");
		refused(assertion((claims) -> claims.audience(ISSUER + "/oauth2/revoke")), "aud claim is not valid");
		refused(assertion((claims) -> claims.issuer("other")), "iss claim is not valid");
		refused(assertion((claims) -> claims.subject("other")), "sub claim is not valid");
		refused(assertion((claims) -> claims.jwtID(null)), "jti claim is not valid");
		refused(assertion((claims) -> claims.expirationTime(null)), "exp claim is not valid");
		refused(assertion((claims) -> claims.issueTime(null)), "iat claim is not valid");
		refused(assertion((claims) -> claims.expirationTime(Date.from(now.plusSeconds(301)))), "longer than 5 minutes");
		refused(assertion((claims) -> claims.issueTime(Date.from(now.minusSeconds(100)))
			.expirationTime(Date.from(now.minusSeconds(31)))), "expired");
	}

	@Test
	void hs256AndUnknownKeysFailTheSignatureCheck() throws JOSEException {
		SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
		hs256.sign(new MACSigner("0123456789abcdef0123456789abcdef"));
		refused(hs256.serialize(), "Another algorithm expected");
		refused(signed(rsa("k1"), claims().build()), "Signed JWT rejected");
	}

	@Test
	void aChangedKeySetGivesANewDecoder() {
		RSAKey next = rsa("k2");
		JwtDecoder changed = this.decoders.createDecoder(client(new JWKSet(next.toPublicJWK()).toString()));

		assertThat(changed).isNotSameAs(this.decoder);
		assertThat(changed.decode(signed(next, claims().build())).getSubject()).isEqualTo("svc");
		assertThat(this.decoders.createDecoder(client(new JWKSet(next.toPublicJWK()).toString()))).isSameAs(changed);
	}

	@Test
	void privateOrSymmetricKeysAreNotPublicKeys() throws Exception {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ClientKeys.publicKeys(new JWKSet(KEY).toString(false)))
			.withMessageContaining("private parameters")
			.withMessageNotContaining(KEY.getPrivateExponent().toString());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ClientKeys.publicKeys("{\"keys\":[]}"))
			.withMessageContaining("no key");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ClientKeys.publicKeys("[1]"))
			.withMessageContaining("not a JWK set");
	}

	private void refused(String assertion, String reason) {
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(assertion))
			.withMessageContaining(reason);
	}

	JWTClaimsSet.Builder claims() {
		Instant now = this.clock.instant();
		return new JWTClaimsSet.Builder().issuer("svc")
			.subject("svc")
			.audience(List.of(ISSUER))
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)));
	}

	String assertion(Consumer<JWTClaimsSet.Builder> changes) {
		JWTClaimsSet.Builder claims = claims();
		changes.accept(claims);
		return signed(KEY, claims.build());
	}

	static String signed(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static RegisteredClient client(String jwks) {
		return RegisteredClient.withId("id-svc")
			.clientId("svc")
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientSettings(ClientSettings.builder().setting(ConfiguredClients.JWKS_SETTING, jwks).build())
			.build();
	}

	static RSAKey rsa(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JdbcClient database() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:assertions-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("""
				create table client_assertion (client_id varchar(100) not null, jti_hash varchar(80) not null,
				expires_at timestamp with time zone not null, primary key (client_id, jti_hash))""").update();
		return jdbc;
	}

}
