import { describe, expect, it, vi } from 'vitest';
import { ErrorResponse } from 'oidc-client-ts';
import { ApiClient } from '../src/api/http';
import { ApiError } from '../src/api/problem';
import { SessionEndedError } from '../src/auth/errors';
import { signedInSession, user } from './fakes';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

/** An API that accepts only the given bearer token. */
function apiAccepting(token: string) {
  const seen: string[] = [];
  const fetchFn = vi.fn(async (_url: string, init: RequestInit) => {
    const auth = (init.headers as Record<string, string>).Authorization;
    seen.push(auth);
    await Promise.resolve();
    return auth === `Bearer ${token}` ? json(200, { ok: true }) : json(401, { title: 'Unauthorized', status: 401 });
  });
  return { fetchFn, seen };
}

describe('401 then renew and retry', () => {
  it('renews once and retries once', async () => {
    const { session, manager } = await signedInSession(user('old'));
    manager.signinSilent.mockResolvedValueOnce(user('new'));
    const api = apiAccepting('new');
    const client = new ApiClient('http://api', session, 'people service', api.fetchFn);

    const response = await client.request('/api/people');

    expect(response.status).toBe(200);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
    expect(api.seen).toEqual(['Bearer old', 'Bearer new']);
  });

  it('makes one refresh for concurrent 401s and retries both requests', async () => {
    const { session, manager } = await signedInSession(user('old'));
    let release!: () => void;
    manager.signinSilent.mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve(user('new')))),
    );
    const api = apiAccepting('new');
    const client = new ApiClient('http://api', session, 'people service', api.fetchFn);

    const first = client.request('/api/people?page=0');
    const second = client.request('/api/people/42');
    await vi.waitFor(() => expect(manager.signinSilent).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();

    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
    expect(api.seen.filter((h) => h === 'Bearer new')).toHaveLength(2);
    expect(session.snapshot().renewals).toBe(1);
  });

  it('does not refresh again for a 401 to a token the tab already replaced', async () => {
    const { session, manager } = await signedInSession(user('old'));
    manager.signinSilent.mockResolvedValueOnce(user('new'));
    await session.refresh();
    expect(await session.tokenAfterRejection('old')).toBe('new');
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
  });

  it('answers the second 401 without another refresh', async () => {
    const { session, manager } = await signedInSession(user('old'));
    manager.signinSilent.mockResolvedValueOnce(user('new'));
    const api = apiAccepting('nothing-is-accepted');
    const client = new ApiClient('http://api', session, 'people service', api.fetchFn);

    const failure = await client.request('/api/people').catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(api.fetchFn).toHaveBeenCalledTimes(2);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
  });

  it('ends the session when the server refuses the refresh token', async () => {
    const { session, manager, flags } = await signedInSession(user('old'));
    manager.signinSilent.mockRejectedValueOnce(new ErrorResponse({ error: 'invalid_grant' }));
    const client = new ApiClient('http://api', session, 'people service', apiAccepting('new').fetchFn);

    await expect(client.request('/api/people')).rejects.toBeInstanceOf(SessionEndedError);

    expect(session.snapshot().status).toBe('signed-out');
    expect(session.snapshot().reason).toBe('ended');
    expect(manager.removeUser).toHaveBeenCalled();
    expect(flags.getItem('signedIn')).toBeNull();
  });

  it('keeps the session and reports the issuer unreachable when the refresh cannot connect', async () => {
    const { session, manager } = await signedInSession(user('old'));
    manager.signinSilent.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const client = new ApiClient('http://api', session, 'people service', apiAccepting('new').fetchFn);

    const failure = await client.request('/api/people').catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(0);
    expect((failure as ApiError).service).toBe('sign-in service');
    expect(session.snapshot().status).toBe('active');
    expect(session.snapshot().issuerReachable).toBe(false);
  });

  it('reports an API that cannot be reached', async () => {
    const { session } = await signedInSession(user('old'));
    const client = new ApiClient('http://api', session, 'people service', async () => {
      throw new TypeError('Failed to fetch');
    });
    const failure = await client.request('/api/people').catch((e: unknown) => e);
    expect((failure as ApiError).status).toBe(0);
    expect((failure as Error).message).toContain('could not be reached');
  });
});
