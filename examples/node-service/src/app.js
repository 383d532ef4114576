// The HTTP API: node:http, no framework.
import { createServer } from 'node:http';
import { InvalidToken, scopesOf } from './verifier.js';

function problem(response, status, title, detail, authenticate) {
  const headers = { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' };
  if (authenticate) {
    headers['WWW-Authenticate'] = authenticate;
  }
  response.writeHead(status, headers);
  response.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

function json(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** The bearer token of the Authorization header, or null when there is none. */
function bearerToken(request) {
  const header = request.headers.authorization;
  if (!header) {
    return null;
  }
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match ? match[1] : '';
}

/** The request handler: GET /api/greeting (bearer token with the required scope), GET /health. */
export function createHandler(config, verifier, log = console) {
  return async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (path === '/health' && request.method === 'GET') {
      json(response, 200, { status: 'UP', jwksFetches: verifier.jwksFetches() });
      return;
    }
    if (path !== '/api/greeting') {
      problem(response, 404, 'Not Found', 'No such resource.');
      return;
    }
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      problem(response, 405, 'Method Not Allowed', 'Only GET is supported.');
      return;
    }
    const token = bearerToken(request);
    if (token === null) {
      problem(response, 401, 'Unauthorized', 'A bearer token is required.', 'Bearer');
      return;
    }
    let claims;
    try {
      if (token === '' || token.length > 8192) {
        throw new InvalidToken('malformed');
      }
      claims = await verifier.verify(token);
    }
    catch (error) {
      if (!(error instanceof InvalidToken)) {
        throw error;
      }
      // the reason only (a jose error code), never the token
      log.info(`token refused: ${error.message}`);
      problem(response, 401, 'Unauthorized', 'The access token is not valid.',
        'Bearer error="invalid_token", error_description="The access token is not valid"');
      return;
    }
    const scopes = scopesOf(claims);
    if (!scopes.includes(config.requiredScope)) {
      problem(response, 403, 'Forbidden', `Scope ${config.requiredScope} is required.`,
        `Bearer error="insufficient_scope", scope="${config.requiredScope}"`);
      return;
    }
    json(response, 200, { greeting: `Hello, ${claims.sub}`, sub: claims.sub, scopes });
  };
}

export function createApp(config, verifier, log = console) {
  const handler = createHandler(config, verifier, log);
  return createServer((request, response) => {
    handler(request, response).catch((error) => {
      log.error(`request failed: ${error.name}`);
      if (!response.headersSent) {
        problem(response, 500, 'Internal Server Error', 'Unexpected error.');
      }
      else {
        response.end();
      }
    });
  });
}
