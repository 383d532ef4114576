package dev.tokenservice.auth.token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.tokenservice.auth.clients.ConfiguredClients;
import dev.tokenservice.auth.issuer.AccessTokenClaims;

import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes SAS's access tokens to the JWT profile for access tokens (RFC 9068): header
 * {@code typ: at+jwt}, a {@code client_id} claim, {@code scope} as one space-separated string, and
 * {@code aud} set to the resource servers the client may call instead of the client itself.
 */
public class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		RegisteredClient client = context.getRegisteredClient();
		context.getJwsHeader().type(AccessTokenClaims.ACCESS_TOKEN_TYPE);
		context.getClaims().claims((claims) -> {
			claims.put("client_id", client.getClientId());
			claims.put("aud", audiences(client));
			String scope = AccessTokenClaims.scope(context.getAuthorizedScopes());
			if (scope.isEmpty()) {
				claims.remove("scope");
			}
			else {
				claims.put("scope", scope);
			}
		});
	}

	// an ArrayList: SAS stores the claims with Jackson, whose allow-list refuses the JDK's immutable lists
	private static List<String> audiences(RegisteredClient client) {
		String audiences = client.getClientSettings().getSetting(ConfiguredClients.AUDIENCES_SETTING);
		if (audiences == null || audiences.isBlank()) {
			return new ArrayList<>(List.of(client.getClientId()));
		}
		return Arrays.stream(audiences.split(","))
			.map(String::trim)
			.filter((aud) -> !aud.isEmpty())
			.collect(Collectors.toCollection(ArrayList::new));
	}

}
