// Validation of the issuer's access tokens, as README.md ("Trusting this issuer from another service") says.
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';

/** Why a token was refused; the message is for the log only, never shown with the token. */
export class InvalidToken extends Error {}

/**
 * A verifier for one issuer and one audience. Its keys come from the issuer's JWKS: found through the
 * discovery document unless config.jwksUri is set, cached for config.cacheMaxAge, refetched for an
 * unknown "kid" at most once per config.cooldown. fetchImpl is for tests; jwksFetches() counts the
 * JWKS fetches.
 */
export function createVerifier(config, fetchImpl = fetch) {
  let jwks;
  let fetches = 0;
  const countedFetch = (url, options) => {
    fetches += 1;
    return fetchImpl(url, options);
  };

  async function keys() {
    if (!jwks) {
      const uri = config.jwksUri ?? (await discoverJwksUri(config.issuer, fetchImpl));
      jwks = createRemoteJWKSet(new URL(uri), {
        cacheMaxAge: config.cacheMaxAge,
        cooldownDuration: config.cooldown,
        timeoutDuration: 5000,
        [customFetch]: countedFetch,
      });
    }
    return jwks;
  }

  async function verify(token) {
    let keySet;
    try {
      keySet = await keys();
    }
    catch (cause) {
      throw new InvalidToken('issuer keys unavailable', { cause });
    }
    try {
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: ['RS256'],
        typ: 'at+jwt',
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: config.clockTolerance,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    }
    catch (cause) {
      throw new InvalidToken(cause.code ?? cause.name, { cause });
    }
  }

  return { verify, jwksFetches: () => fetches };
}

/** The JWKS URL of the issuer's OpenID discovery document, whose "issuer" must be the configured one. */
async function discoverJwksUri(issuer, fetchImpl) {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(5000), redirect: 'manual' });
  if (response.status !== 200) {
    throw new Error(`discovery answered ${response.status}`);
  }
  const document = await response.json();
  if (document.issuer !== issuer) {
    throw new Error(`discovery names issuer ${document.issuer}, expected ${issuer}`);
  }
  if (typeof document.jwks_uri !== 'string') {
    throw new Error('discovery has no jwks_uri');
  }
  return document.jwks_uri;
}

/** The scopes of a verified token: its "scope" claim, space-separated (RFC 9068). */
export function scopesOf(payload) {
  return typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
}
