package dev.tokenservice.system;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.InvalidHashException;

/**
 * A public client (authentication method {@code none}) played by the Nimbus OAuth 2.0 SDK with
 * OpenID Connect extensions, for the protocol cases a browser cannot make: it builds the
 * authorization request (state, nonce, PKCE S256), parses the authorization response, exchanges the
 * code, validates the ID token with the SDK's own validator (signature from the JWKS, issuer, audience,
 * nonce, expiry) and {@code at_hash}, refreshes, revokes and calls userinfo. Every endpoint comes from
 * the issuer's discovery document unless a test names another node's.
 */
final class OidcClient {

	static final Scope SCOPES = new Scope("openid", "email", "roles", "people:read");

	private final OIDCProviderMetadata provider;

	private final ClientID clientId;

	private final URI redirectUri;

	private OidcClient(OIDCProviderMetadata provider, ClientID clientId, URI redirectUri) {
		this.provider = provider;
		this.clientId = clientId;
		this.redirectUri = redirectUri;
	}

	/** Resolves {@code issuer}'s discovery document (the SDK checks that it names the same issuer). */
	static OidcClient publicClient(String issuer, String clientId, String redirectUri) {
		try {
			return new OidcClient(OIDCProviderMetadata.resolve(new Issuer(issuer)), new ClientID(clientId),
					URI.create(redirectUri));
		}
		catch (GeneralException | IOException ex) {
			throw new IllegalStateException("Cannot resolve the discovery document of " + issuer, ex);
		}
	}

	OIDCProviderMetadata provider() {
		return this.provider;
	}

	String clientId() {
		return this.clientId.getValue();
	}

	/** A new authorization request of this client with its own state, nonce and S256 challenge. */
	Authorization newAuthorization() {
		return newAuthorization(this.provider.getAuthorizationEndpointURI());
	}

	/** As {@link #newAuthorization()}, sent to {@code authorizationEndpoint} (another node's). */
	Authorization newAuthorization(URI authorizationEndpoint) {
		State state = new State();
		Nonce nonce = new Nonce();
		CodeVerifier verifier = new CodeVerifier();
		AuthenticationRequest request = new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
				SCOPES, this.clientId, this.redirectUri)
			.endpointURI(authorizationEndpoint)
			.state(state)
			.nonce(nonce)
			.codeChallenge(verifier, CodeChallengeMethod.S256)
			.build();
		return new Authorization(request.toURI(), state, nonce, verifier);
	}

	/** The authorization response caught at the redirect URI, parsed by the SDK. */
	static AuthenticationResponse response(URI callback) {
		try {
			return AuthenticationResponseParser.parse(callback);
		}
		catch (ParseException ex) {
			throw new AssertionError("Not an authorization response: " + callback.getPath() + " " + ex.getMessage());
		}
	}

	/**
	 * The code of a successful authorization response whose {@code state} and {@code iss} (RFC 9207)
	 * are the ones expected; an assertion error otherwise.
	 */
	AuthorizationCode code(URI callback, Authorization authorization) {
		AuthenticationResponse response = response(callback);
		if (!response.indicatesSuccess()) {
			throw new AssertionError("Authorization refused: " + response.toErrorResponse().getErrorObject());
		}
		if (!authorization.state().equals(response.getState())) {
			throw new AssertionError("The state came back changed");
		}
		if (!this.provider.getIssuer().equals(response.toSuccessResponse().getIssuer())) {
			throw new AssertionError("iss of the authorization response: " + response.toSuccessResponse().getIssuer());
		}
		return response.toSuccessResponse().getAuthorizationCode();
	}

	TokenResponse exchange(AuthorizationCode code, CodeVerifier verifier) {
		return exchange(this.provider.getTokenEndpointURI(), code, verifier);
	}

	/** The code exchange at {@code tokenEndpoint} (another node's). */
	TokenResponse exchange(URI tokenEndpoint, AuthorizationCode code, CodeVerifier verifier) {
		return token(tokenEndpoint, new AuthorizationCodeGrant(code, this.redirectUri, verifier));
	}

	TokenResponse refresh(RefreshToken refreshToken) {
		return refresh(this.provider.getTokenEndpointURI(), refreshToken);
	}

	TokenResponse refresh(URI tokenEndpoint, RefreshToken refreshToken) {
		return token(tokenEndpoint, new RefreshTokenGrant(refreshToken));
	}

	/** RFC 7009 revocation as a public client; the status (200 whether or not the token was known). */
	int revoke(Token token) {
		return send(new TokenRevocationRequest(this.provider.getRevocationEndpointURI(), this.clientId, token)
			.toHTTPRequest()).getStatusCode();
	}

	UserInfoResponse userInfo(AccessToken accessToken) {
		try {
			return UserInfoResponse.parse(send(new UserInfoRequest(this.provider.getUserInfoEndpointURI(),
					new BearerAccessToken(accessToken.getValue())).toHTTPRequest()));
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a userinfo response: " + ex.getMessage());
		}
	}

	/**
	 * The ID token validated as a relying party must: RS256 signature by a key of the JWKS, {@code iss},
	 * {@code aud} = this client, {@code exp}/{@code iat}, the {@code nonce} of the request, and
	 * {@code at_hash} against the access token issued with it.
	 */
	IDTokenClaimsSet validate(JWT idToken, Nonce nonce, AccessToken accessToken) {
		try {
			IDTokenValidator validator = new IDTokenValidator(this.provider.getIssuer(), this.clientId,
					JWSAlgorithm.RS256, this.provider.getJWKSetURI().toURL());
			IDTokenClaimsSet claims = validator.validate(idToken, nonce);
			AccessTokenValidator.validate(accessToken, JWSAlgorithm.RS256,
					Objects.requireNonNull(claims.getAccessTokenHash(), "at_hash"));
			return claims;
		}
		catch (BadJOSEException | JOSEException | MalformedURLException ex) {
			throw new AssertionError("The ID token does not validate: " + ex.getMessage(), ex);
		}
		catch (InvalidHashException ex) {
			throw new AssertionError("at_hash does not match the access token", ex);
		}
	}

	/** The tokens of a successful answer; an assertion error with the error object otherwise. */
	static Tokens tokens(TokenResponse response) {
		if (!response.indicatesSuccess()) {
			throw new AssertionError("Token request refused: " + response.toErrorResponse().getErrorObject()
				.toJSONObject());
		}
		return response.toSuccessResponse().getTokens();
	}

	/** As {@link #tokens(TokenResponse)}, for an answer that must carry an ID token. */
	static OIDCTokens oidcTokens(TokenResponse response) {
		Tokens tokens = tokens(response);
		if (!(tokens instanceof OIDCTokens oidc)) {
			throw new AssertionError("No id_token in the token response");
		}
		return oidc;
	}

	/** The error of a refused token request; an assertion error if it succeeded. */
	static ErrorObject error(TokenResponse response) {
		if (response.indicatesSuccess()) {
			throw new AssertionError("Token request accepted where a refusal was expected");
		}
		return response.toErrorResponse().getErrorObject();
	}

	private TokenResponse token(URI tokenEndpoint, AuthorizationGrant grant) {
		try {
			return OIDCTokenResponseParser
				.parse(send(new TokenRequest.Builder(tokenEndpoint, this.clientId, grant).build().toHTTPRequest()));
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a token response: " + ex.getMessage());
		}
	}

	private static HTTPResponse send(HTTPRequest request) {
		request.setConnectTimeout(5_000);
		request.setReadTimeout(20_000);
		try {
			return request.send();
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.getMethod() + " " + request.getURI() + " failed", ex);
		}
	}

	/** One authorization request and the secrets its client keeps until the response comes back. */
	record Authorization(URI uri, State state, Nonce nonce, CodeVerifier verifier) {

		@Override
		public String toString() {
			return "Authorization[" + this.uri.getPath() + "]";
		}

	}

}
