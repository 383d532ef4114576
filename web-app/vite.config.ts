import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineConfig, type Plugin } from 'vitest/config';

/** What the browser app reads from `/config.json` at start-up: one build serves any deployment. */
export interface RuntimeConfig {
  issuer: string;
  clientId: string;
  apiUrl: string;
  scope: string;
}

export const DEFAULT_SCOPE = 'openid email roles people:read people:write';

/** The runtime configuration from the environment (WEBAPP_ISSUER, WEBAPP_API_URL, WEBAPP_CLIENT_ID). */
export function runtimeConfigFromEnv(env: Record<string, string | undefined>): RuntimeConfig {
  return {
    issuer: (env.WEBAPP_ISSUER || 'http://localhost:9000').replace(/\/+$/, ''),
    clientId: env.WEBAPP_CLIENT_ID || 'demo-web-app',
    apiUrl: (env.WEBAPP_API_URL || 'http://localhost:8080').replace(/\/+$/, ''),
    scope: DEFAULT_SCOPE,
  };
}

/**
 * Headers for every response. The app only talks to its own origin (config.json), the issuer (discovery,
 * token, userinfo, revocation: oidc-client-ts does not check ID-token signatures, so it never fetches the
 * JWKS) and the API; everything else, inline scripts and styles included, is refused.
 */
export function securityHeaders(config: RuntimeConfig): Record<string, string> {
  const connect = ["'self'", new URL(config.issuer).origin, new URL(config.apiUrl).origin];
  const csp = [
    "default-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

type Next = (err?: unknown) => void;

/** Serves `/config.json` and sets the security headers, for `vite` (dev) and `vite preview` alike. */
function runtimeConfigPlugin(): Plugin {
  const config = runtimeConfigFromEnv(process.env);
  const headers = securityHeaders(config);
  const body = JSON.stringify(config);
  const middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => {
    for (const [name, value] of Object.entries(headers)) {
      res.setHeader(name, value);
    }
    const path = (req.url ?? '').split('?')[0];
    if (path === '/config.json' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json');
      // a restarted server with other settings must be seen at the next load
      res.setHeader('Cache-Control', 'no-store');
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    next();
  };
  return {
    name: 'web-app-runtime-config',
    // registered directly (not returned) so that they run before Vite's own middlewares
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

export default defineConfig({
  plugins: [runtimeConfigPlugin()],
  build: {
    // no inline scripts: the CSP allows script-src 'self' only
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
