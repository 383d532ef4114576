import { describe, expect, it } from 'vitest';
import { ConfigError, parseRuntimeConfig } from '../src/config/runtime-config';
import { runtimeConfigFromEnv, securityHeaders } from '../vite.config';

const valid = {
  issuer: 'http://localhost:9000',
  clientId: 'demo-web-app',
  apiUrl: 'http://localhost:8080',
  scope: 'openid email roles people:read people:write',
};

describe('parseRuntimeConfig', () => {
  it('accepts the served settings', () => {
    expect(parseRuntimeConfig(valid)).toEqual(valid);
  });

  it('drops a trailing slash from the URLs', () => {
    expect(parseRuntimeConfig({ ...valid, issuer: 'http://localhost:9000/' }).issuer).toBe('http://localhost:9000');
  });

  it.each([
    ['not an object', []],
    ['no issuer', { ...valid, issuer: undefined }],
    ['issuer not a URL', { ...valid, issuer: 'localhost:9000' }],
    ['api not http', { ...valid, apiUrl: 'ftp://x' }],
    ['empty client id', { ...valid, clientId: ' ' }],
    ['no openid scope', { ...valid, scope: 'people:read' }],
  ])('refuses settings with %s', (_name, raw) => {
    expect(() => parseRuntimeConfig(raw)).toThrow(ConfigError);
  });
});

describe('the config.json the server produces', () => {
  it('has the documented defaults', () => {
    expect(runtimeConfigFromEnv({})).toEqual(valid);
  });

  it('takes the environment', () => {
    const config = runtimeConfigFromEnv({
      WEBAPP_ISSUER: 'http://localhost:19000/',
      WEBAPP_API_URL: 'http://127.0.0.1:18080',
      WEBAPP_CLIENT_ID: 'spa',
    });
    expect(config).toMatchObject({ issuer: 'http://localhost:19000', apiUrl: 'http://127.0.0.1:18080', clientId: 'spa' });
    expect(parseRuntimeConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('lets the page connect to itself, the issuer and the API only, with no inline script or style', () => {
    const csp = securityHeaders(runtimeConfigFromEnv({ WEBAPP_ISSUER: 'http://localhost:19000/x' }))['Content-Security-Policy'];
    expect(csp).toContain("connect-src 'self' http://localhost:19000 http://localhost:8080;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
