// Configuration from environment variables only, read once at start.

const SECOND = 1000;

/** A duration in seconds from the environment: a non-negative number, else the default. */
function seconds(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback * SECOND;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a number of seconds >= 0, got "${raw}"`);
  }
  return value * SECOND;
}

function required(env, name, fallback) {
  const value = env[name] ?? fallback;
  if (value === undefined || value === '') {
    throw new Error(`${name} is required`);
  }
  return value;
}

/**
 * ISSUER           the issuer's URL, exactly as in its tokens' "iss" (default http://localhost:9000)
 * AUDIENCE         the value "aud" must contain: this service's name at the issuer (default greeting-api)
 * PORT             the HTTP port (default 8090)
 * REQUIRED_SCOPE   the scope GET /api/greeting needs (default greeting:read)
 * JWKS_URI         where the keys are fetched; default: "jwks_uri" of ISSUER's discovery document
 * JWKS_CACHE_MAX_AGE_SECONDS   refetch the keys after this long (default 300; at most the issuer's publish lead, 600)
 * JWKS_COOLDOWN_SECONDS        an unknown "kid" refetches at most once per this long (default 30)
 * CLOCK_TOLERANCE_SECONDS      tolerance on "exp" and "nbf" (default 30, as the people API)
 */
export function configFromEnv(env = process.env) {
  const cacheMaxAge = seconds(env, 'JWKS_CACHE_MAX_AGE_SECONDS', 300);
  const cooldown = seconds(env, 'JWKS_COOLDOWN_SECONDS', 30);
  if (cacheMaxAge > 600 * SECOND) {
    throw new Error('JWKS_CACHE_MAX_AGE_SECONDS must not exceed the issuer\'s publish lead (600 s by default)');
  }
  if (cooldown > cacheMaxAge) {
    throw new Error('JWKS_COOLDOWN_SECONDS must not exceed JWKS_CACHE_MAX_AGE_SECONDS');
  }
  const port = Number(env.PORT ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  return {
    issuer: required(env, 'ISSUER', 'http://localhost:9000'),
    audience: required(env, 'AUDIENCE', 'greeting-api'),
    requiredScope: required(env, 'REQUIRED_SCOPE', 'greeting:read'),
    jwksUri: env.JWKS_URI || undefined,
    port,
    cacheMaxAge,
    cooldown,
    clockTolerance: seconds(env, 'CLOCK_TOLERANCE_SECONDS', 30) / SECOND,
  };
}
