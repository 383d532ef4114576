// The validation rules, against a stand-in issuer on a random port (discovery and JWKS) with keys made here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, UnsecuredJWT } from 'jose';
import { createVerifier, InvalidToken } from '../src/verifier.js';
import { createApp } from '../src/app.js';
import { configFromEnv } from '../src/config.js';

const AUDIENCE = 'greeting-api';
let issuer;
let server;
let published = [];
const keys = {};

async function rsaKey(kid) {
  const pair = await generateKeyPair('RS256', { extractable: true });
  keys[kid] = pair.privateKey;
  return { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
}

function token({ kid = 'k1', typ = 'at+jwt', alg = 'RS256', key, claims = {}, exp = '5m', aud = AUDIENCE, iss } = {}) {
  const jwt = new SignJWT({ scope: 'greeting:read other', ...claims })
    .setProtectedHeader({ alg, typ, kid })
    .setSubject('demo-service')
    .setIssuer(iss ?? issuer)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(exp);
  return jwt.sign(key ?? keys[kid]);
}

function verifier(overrides = {}) {
  return createVerifier({ issuer, audience: AUDIENCE, cacheMaxAge: 600_000, cooldown: 30_000, clockTolerance: 30,
    ...overrides });
}

async function refused(v, jwt) {
  await assert.rejects(v.verify(jwt), InvalidToken);
}

before(async () => {
  published = [await rsaKey('k1')];
  server = createServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/oauth2/jwks` }));
    }
    else {
      response.end(JSON.stringify({ keys: published }));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

describe('verifier', () => {
  it('accepts an RS256 at+jwt token of the issuer for the audience, keys from discovery', async () => {
    const v = verifier();
    const claims = await v.verify(await token({ aud: ['people-api', AUDIENCE] }));
    assert.equal(claims.sub, 'demo-service');
    assert.equal(v.jwksFetches(), 1);
  });

  it('refuses another typ, another issuer or another audience', async () => {
    const v = verifier();
    await refused(v, await token({ typ: 'JWT' }));
    await refused(v, await token({ typ: 'rt+jwt' }));
    await refused(v, await token({ iss: 'http://evil.example' }));
    await refused(v, await token({ aud: 'people-api' }));
  });

  it('refuses HS256, alg none and a key not in the JWKS', async () => {
    const v = verifier();
    const secret = new TextEncoder().encode('a'.repeat(32));
    await refused(v, await token({ alg: 'HS256', key: secret }));
    const unsecured = new UnsecuredJWT({ scope: 'greeting:read' }).setSubject('x').setIssuer(issuer)
      .setAudience(AUDIENCE).setExpirationTime('5m').encode();
    await refused(v, unsecured);
    const foreign = await generateKeyPair('RS256');
    await refused(v, await token({ key: foreign.privateKey }));
  });

  it('applies the clock tolerance to exp', async () => {
    const v = verifier({ clockTolerance: 30 });
    const now = Math.floor(Date.now() / 1000);
    assert.ok(await v.verify(await token({ exp: now - 10 })));
    await refused(v, await token({ exp: now - 40 }));
    await refused(v, await token({ claims: { nbf: now + 60 } }));
  });

  it('refetches the JWKS for an unknown kid, at most once per cooldown', async () => {
    const v = verifier({ cooldown: 1000 });
    const k2 = await rsaKey('k2');
    const newKeyToken = await token({ kid: 'k2' });
    await v.verify(await token());
    assert.equal(v.jwksFetches(), 1);
    published = [...published, k2];
    await refused(v, newKeyToken); // within the cooldown: no fetch
    assert.equal(v.jwksFetches(), 1);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    assert.ok(await v.verify(newKeyToken));
    assert.equal(v.jwksFetches(), 2);
    const bogus = await token({ kid: 'bogus', key: keys.k1 });
    await Promise.all(Array.from({ length: 30 }, () => refused(v, bogus)));
    assert.equal(v.jwksFetches(), 2);
  });
});

describe('configuration', () => {
  it('refuses a JWKS cache longer than the publish lead', () => {
    assert.throws(() => configFromEnv({ JWKS_CACHE_MAX_AGE_SECONDS: '601' }), /publish lead/);
    assert.equal(configFromEnv({}).cacheMaxAge, 300_000);
  });
});

describe('HTTP API', () => {
  let app;
  let base;
  before(async () => {
    const config = { issuer, audience: AUDIENCE, requiredScope: 'greeting:read', cacheMaxAge: 600_000,
      cooldown: 30_000, clockTolerance: 30 };
    app = createApp(config, createVerifier(config), { info() {}, error() {} });
    await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${app.address().port}`;
  });
  after(() => app.close());

  const get = (jwt) => fetch(`${base}/api/greeting`, jwt === undefined ? {} : { headers: { Authorization: `Bearer ${jwt}` } });

  it('greets the subject of a valid token with its scopes', async () => {
    const response = await get(await token());
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(),
      { greeting: 'Hello, demo-service', sub: 'demo-service', scopes: ['greeting:read', 'other'] });
  });

  it('answers 401 invalid_token for a bad token, 401 without error for none, 403 for a missing scope', async () => {
    const bad = await get(await token({ typ: 'JWT' }));
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('www-authenticate'), /^Bearer error="invalid_token"/);
    const none = await get();
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    const noScope = await get(await token({ claims: { scope: 'other' } }));
    assert.equal(noScope.status, 403);
    assert.match(noScope.headers.get('www-authenticate'), /insufficient_scope/);
  });
});
