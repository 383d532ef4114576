/** How a failed call to the sign-in service is to be understood. */
export type FailureKind = 'unreachable' | 'refused';

/** oidc-client-ts reports an OAuth error response (e.g. invalid_grant) as an ErrorResponse with `error`. */
export function oauthErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && (error as { name?: unknown }).name === 'ErrorResponse') {
    const code = (error as { error?: unknown }).error;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Errors that say the service could not be talked to, as opposed to a refusal. */
export function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError) {
    return true; // fetch rejects with a TypeError when the connection fails (or CORS blocks it)
  }
  const name = error && typeof error === 'object' ? (error as { name?: unknown }).name : undefined;
  return name === 'ErrorTimeout' || name === 'AbortError' || name === 'TimeoutError';
}

const TEMPORARY_OAUTH_ERRORS = new Set(['server_error', 'temporarily_unavailable']);

/**
 * A failed refresh: an OAuth refusal (invalid_grant for reuse, an ended or disabled session, expiry)
 * ends the session; anything else (no connection, a 5xx without an OAuth error) is the service being
 * unavailable, and the refresh token is still good for a later try.
 */
export function classifyRefreshFailure(error: unknown): FailureKind {
  const code = oauthErrorCode(error);
  if (code !== undefined) {
    return TEMPORARY_OAUTH_ERRORS.has(code) ? 'unreachable' : 'refused';
  }
  return 'unreachable';
}

/** Thrown to API callers when the session ended while they waited: the app shows the signed-out screen. */
export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended.');
    this.name = 'SessionEndedError';
  }
}

/** Thrown to API callers when a token could not be renewed because the issuer is unreachable. */
export class IssuerUnreachableError extends Error {
  constructor() {
    super('The sign-in service is not reachable.');
    this.name = 'IssuerUnreachableError';
  }
}
