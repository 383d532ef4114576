import { describe, expect, it, vi } from 'vitest';
import { ErrorResponse } from 'oidc-client-ts';
import { ReloadGuard } from '../src/auth/reload-guard';
import { Session } from '../src/auth/session';
import { FakeChannel, fakeManager, MapStore, user } from './fakes';

describe('ReloadGuard', () => {
  it('redirects once after a reload of a signed-in tab, then shows the sign-in screen', () => {
    const store = new MapStore();
    const guard = new ReloadGuard(store);
    guard.signedIn();

    expect(guard.decide()).toBe('auto-sign-in');
    // the redirect did not come back with a session: the next load must not redirect again
    expect(guard.decide()).toBe('signed-out');
    expect(guard.decide()).toBe('signed-out');
  });

  it('allows the next automatic sign-in once a sign-in completed', () => {
    const guard = new ReloadGuard(new MapStore());
    guard.signedIn();
    expect(guard.decide()).toBe('auto-sign-in');
    guard.signedIn();
    expect(guard.decide()).toBe('auto-sign-in');
  });

  it('never redirects in a tab that was not signed in', () => {
    const guard = new ReloadGuard(new MapStore());
    expect(guard.decide()).toBe('signed-out');
  });

  it('stores flags only, never a token', () => {
    const store = new MapStore();
    new ReloadGuard(store).signedIn();
    expect([...store.map.values()]).toEqual(['true']);
  });
});

function sessionWith(flags: MapStore) {
  const manager = fakeManager(user('first'));
  const session = new Session({ manager, flags, channel: new FakeChannel(), probeIssuer: async () => true });
  return { session, manager };
}

describe('Session start after a reload', () => {
  it('starts one sign-in redirect that returns to the same page', async () => {
    const flags = new MapStore();
    new ReloadGuard(flags).signedIn();
    const { session, manager } = sessionWith(flags);

    await session.start(new URL('http://localhost:5173/people?page=2'));

    expect(manager.signinRedirect).toHaveBeenCalledTimes(1);
    expect(manager.signinRedirect).toHaveBeenCalledWith(
      expect.objectContaining({ state: { returnTo: '/people?page=2' } }),
    );
    expect(session.snapshot().status).toBe('signing-in');
  });

  it('shows the sign-in screen when that redirect came back with an error, and does not loop', async () => {
    const flags = new MapStore();
    new ReloadGuard(flags).signedIn();
    await sessionWith(flags).session.start(new URL('http://localhost:5173/people'));

    const back = sessionWith(flags);
    back.manager.signinCallback.mockRejectedValueOnce(new ErrorResponse({ error: 'login_required' }));
    const next = await back.session.start(new URL('http://localhost:5173/callback?error=login_required&state=s'));
    expect(next).toBe('/');
    expect(back.session.snapshot()).toMatchObject({ status: 'signed-out', reason: 'ended' });

    const reloaded = sessionWith(flags);
    await reloaded.session.start(new URL('http://localhost:5173/'));
    expect(reloaded.manager.signinRedirect).not.toHaveBeenCalled();
    expect(reloaded.session.snapshot().status).toBe('signed-out');
  });

  it('does not redirect again when the page loads while the redirect is still marked', async () => {
    const flags = new MapStore();
    new ReloadGuard(flags).signedIn();
    await sessionWith(flags).session.start(new URL('http://localhost:5173/people'));

    const again = sessionWith(flags);
    await again.session.start(new URL('http://localhost:5173/people'));
    expect(again.manager.signinRedirect).not.toHaveBeenCalled();
  });

  it('reports the issuer unreachable when the sign-in redirect cannot load discovery', async () => {
    const { session, manager } = sessionWith(new MapStore());
    manager.signinRedirect.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await session.signIn();
    expect(session.snapshot()).toMatchObject({ status: 'signed-out', reason: 'unreachable', issuerReachable: false });
  });

  it('asks for the sign-up page with prompt=create', async () => {
    const { session, manager } = sessionWith(new MapStore());
    await session.signIn({ create: true });
    expect(manager.signinRedirect).toHaveBeenCalledWith(
      expect.objectContaining({ extraQueryParams: { prompt: 'create' } }),
    );
  });
});

describe('sign-out', () => {
  it('tells other tabs, and a tab told so revokes its own refresh token', async () => {
    const flags = new MapStore();
    const manager = fakeManager(user('first'));
    const channel = new FakeChannel();
    const session = new Session({ manager, flags, channel, probeIssuer: async () => true });
    await session.start(new URL('http://localhost:5173/callback?code=c&state=s'));

    channel.receive('signed-out');
    await vi.waitFor(() => expect(session.snapshot().status).toBe('signed-out'));

    expect(manager.revokeTokens).toHaveBeenCalledWith(['refresh_token']);
    expect(session.snapshot().reason).toBe('other-tab');
    expect(manager.signoutRedirect).not.toHaveBeenCalled();
    expect(flags.getItem('signedIn')).toBeNull();
  });

  it('uses RP-initiated logout and broadcasts it', async () => {
    const flags = new MapStore();
    const manager = fakeManager(user('first'));
    const channel = new FakeChannel();
    const session = new Session({ manager, flags, channel, probeIssuer: async () => true });
    await session.start(new URL('http://localhost:5173/callback?code=c&state=s'));

    await session.signOut();

    expect(channel.sent).toEqual(['signed-out']);
    expect(manager.signoutRedirect).toHaveBeenCalledTimes(1);
  });

  it('still signs out here when the issuer cannot be reached', async () => {
    const flags = new MapStore();
    const manager = fakeManager(user('first'));
    const session = new Session({ manager, flags, channel: new FakeChannel(), probeIssuer: async () => false });
    await session.start(new URL('http://localhost:5173/callback?code=c&state=s'));

    await session.signOut();

    expect(manager.signoutRedirect).not.toHaveBeenCalled();
    expect(manager.removeUser).toHaveBeenCalled();
    expect(session.snapshot()).toMatchObject({ status: 'signed-out', reason: 'signed-out', issuerReachable: false });
  });
});
