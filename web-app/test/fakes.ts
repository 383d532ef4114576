import { vi } from 'vitest';
import type { SessionUser, SessionUserManager, SignOutChannel } from '../src/auth/session';
import { Session } from '../src/auth/session';

export class MapStore {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.has(key) ? this.map.get(key)! : null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

export function user(accessToken: string, expiresIn = 300, roles: string[] = ['user']): SessionUser {
  return {
    access_token: accessToken,
    refresh_token: `rt-for-${accessToken}`,
    expires_in: expiresIn,
    profile: { email: 'ada@example.com', roles },
  };
}

/** A UserManager stand-in whose refresh answers with the tokens given, in order. */
export function fakeManager(first: SessionUser) {
  const manager = {
    signinRedirect: vi.fn(async () => undefined),
    signinCallback: vi.fn(async () => first),
    signinSilent: vi.fn<() => Promise<SessionUser | null>>(async () => user('renewed')),
    signoutRedirect: vi.fn(async () => undefined),
    revokeTokens: vi.fn(async () => undefined),
    removeUser: vi.fn(async () => undefined),
    clearStaleState: vi.fn(async () => undefined),
  } satisfies SessionUserManager;
  return manager;
}

export class FakeChannel implements SignOutChannel {
  readonly sent: unknown[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  receive(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
}

/** A session signed in through /callback with the given first user. */
export async function signedInSession(first: SessionUser = user('first')) {
  const manager = fakeManager(first);
  const flags = new MapStore();
  const channel = new FakeChannel();
  const probe = vi.fn(async () => true);
  const session = new Session({ manager, flags, channel, probeIssuer: probe });
  const next = await session.start(new URL('http://localhost:5173/callback?code=c&state=s'));
  return { session, manager, flags, channel, probe, next };
}
