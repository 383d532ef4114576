import { refreshDelayMs } from './refresh-schedule';
import { singleFlight } from './single-flight';
import { ReloadGuard, type FlagStore } from './reload-guard';
import {
  classifyRefreshFailure,
  isNetworkFailure,
  IssuerUnreachableError,
  oauthErrorCode,
  SessionEndedError,
} from './errors';

export type SessionStatus = 'signed-out' | 'signing-in' | 'active';

/** Why the signed-out screen is shown; each has its sentence on that screen. */
export type SignedOutReason =
  | 'ended'
  | 'signed-out'
  | 'other-tab'
  | 'unreachable'
  | 'sign-in-failed'
  | 'cancelled';

/** The part of an oidc-client-ts `User` the app reads. */
export interface SessionUser {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  profile: { email?: unknown; roles?: unknown; [claim: string]: unknown };
  state?: unknown;
}

/** The part of oidc-client-ts's `UserManager` the session drives (tests pass a fake). */
export interface SessionUserManager {
  signinRedirect(args?: {
    state?: unknown;
    prompt?: string;
    extraQueryParams?: Record<string, string>;
  }): Promise<void>;
  signinCallback(url?: string): Promise<SessionUser | undefined>;
  signinSilent(): Promise<SessionUser | null>;
  signoutRedirect(): Promise<void>;
  revokeTokens(types?: ('access_token' | 'refresh_token')[]): Promise<void>;
  removeUser(): Promise<void>;
  clearStaleState(): Promise<void>;
}

/** Tells other tabs of this origin that the user signed out; BroadcastChannel in the browser. */
export interface SignOutChannel {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

export interface SessionSnapshot {
  status: SessionStatus;
  email: string | null;
  isAdmin: boolean;
  renewals: number;
  renewsAt: Date | null;
  reason: SignedOutReason | null;
  reasonDetail: string | null;
  issuerReachable: boolean;
}

export interface SessionOptions {
  manager: SessionUserManager;
  flags: FlagStore;
  channel: SignOutChannel | null;
  /** Answers whether the issuer's discovery document can be fetched now. */
  probeIssuer: () => Promise<boolean>;
  /** How often to probe while the issuer is unreachable. */
  probeIntervalMs?: number;
  now?: () => number;
}

const SIGN_OUT_NOTICE = 'signOutNotice';
const SIGNED_OUT_MESSAGE = 'signed-out';

interface ReturnState {
  returnTo?: string;
}

/**
 * This tab's sign-in session. Tokens stay in memory (the user store of the UserManager); each tab signs
 * in with its own authorization-code flow and so owns its own refresh-token family: no tab ever presents
 * a refresh token another tab used. Refreshes are single-flight and scheduled by us.
 */
export class Session {
  private readonly manager: SessionUserManager;
  private readonly guard: ReloadGuard;
  private readonly flags: FlagStore;
  private readonly channel: SignOutChannel | null;
  private readonly probeIssuer: () => Promise<boolean>;
  private readonly probeIntervalMs: number;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();

  private user: SessionUser | null = null;
  private state: SessionSnapshot = {
    status: 'signed-out',
    email: null,
    isAdmin: false,
    renewals: 0,
    renewsAt: null,
    reason: null,
    reasonDetail: null,
    issuerReachable: true,
  };
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshWhenReachable = false;

  /** The one refresh in flight, shared by the timer and every 401 retry. */
  readonly refresh: () => Promise<string> = singleFlight(() => this.doRefresh());

  constructor(options: SessionOptions) {
    this.manager = options.manager;
    this.flags = options.flags;
    this.guard = new ReloadGuard(options.flags);
    this.channel = options.channel;
    this.probeIssuer = options.probeIssuer;
    this.probeIntervalMs = options.probeIntervalMs ?? 5000;
    this.now = options.now ?? (() => Date.now());
    if (this.channel) {
      this.channel.onmessage = (event) => {
        if (event.data === SIGNED_OUT_MESSAGE) {
          void this.signedOutElsewhere();
        }
      };
    }
  }

  snapshot(): SessionSnapshot {
    return { ...this.state };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  accessToken(): string | null {
    return this.state.status === 'active' && this.user ? this.user.access_token : null;
  }

  /**
   * At page load. On /callback it completes the sign-in and answers where to go; elsewhere it may start
   * the one automatic sign-in after a reload, or shows the signed-out screen.
   */
  async start(url: URL): Promise<string | null> {
    await this.manager.clearStaleState().catch(() => undefined);
    if (url.pathname === '/callback') {
      return this.completeSignIn(url);
    }
    const notice = this.flags.getItem(SIGN_OUT_NOTICE);
    this.flags.removeItem(SIGN_OUT_NOTICE);
    if (this.guard.decide() === 'auto-sign-in') {
      // the auth-server's login cookie answers without a page; with no login left it shows its sign-in
      await this.signIn({ returnTo: url.pathname + url.search });
      return null;
    }
    this.toSignedOut(notice === 'self' ? 'signed-out' : null);
    return null;
  }

  /** Sign in (or, with `create`, sign up) through the auth-server's pages. */
  async signIn(options: { create?: boolean; returnTo?: string } = {}): Promise<void> {
    this.update({ status: 'signing-in', reason: null, reasonDetail: null });
    const state: ReturnState = { returnTo: options.returnTo };
    try {
      await this.manager.signinRedirect({
        state,
        ...(options.create ? { extraQueryParams: { prompt: 'create' } } : {}),
      });
    } catch (error) {
      this.guard.clear();
      if (isNetworkFailure(error)) {
        this.markUnreachable();
        this.toSignedOut('unreachable');
      } else {
        this.toSignedOut('sign-in-failed', describe(error));
      }
    }
  }

  private async completeSignIn(url: URL): Promise<string> {
    this.update({ status: 'signing-in' });
    try {
      const user = await this.manager.signinCallback(url.href);
      if (!user) {
        throw new Error('The sign-in response had no user.');
      }
      this.guard.signedIn();
      this.markReachable();
      this.activate(user);
      const returnTo = (user.state as ReturnState | undefined)?.returnTo;
      return returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') && returnTo !== '/'
        ? returnTo
        : '/people';
    } catch (error) {
      this.guard.clear();
      const code = oauthErrorCode(error);
      if (isNetworkFailure(error)) {
        this.markUnreachable();
        this.toSignedOut('unreachable');
      } else if (code === 'login_required' || code === 'interaction_required') {
        this.toSignedOut('ended');
      } else if (code === 'access_denied') {
        this.toSignedOut('cancelled');
      } else {
        this.toSignedOut('sign-in-failed', describe(error));
      }
      return '/';
    }
  }

  /**
   * An access token was refused with 401: the caller gets the token to retry with once. If this tab
   * renewed meanwhile, that newer token; otherwise the shared refresh.
   */
  async tokenAfterRejection(rejected: string): Promise<string> {
    const current = this.accessToken();
    if (current === null) {
      throw new SessionEndedError();
    }
    if (current !== rejected) {
      return current;
    }
    return this.refresh();
  }

  private async doRefresh(): Promise<string> {
    if (this.state.status !== 'active') {
      throw new SessionEndedError();
    }
    let user: SessionUser | null;
    try {
      user = await this.manager.signinSilent();
    } catch (error) {
      if (this.state.status !== 'active') {
        throw new SessionEndedError();
      }
      if (classifyRefreshFailure(error) === 'refused') {
        await this.end('ended');
        throw new SessionEndedError();
      }
      this.refreshWhenReachable = true;
      this.markUnreachable();
      throw new IssuerUnreachableError();
    }
    if (!user || this.state.status !== 'active') {
      throw new SessionEndedError();
    }
    this.refreshWhenReachable = false;
    this.markReachable();
    this.activate(user, this.state.renewals + 1);
    return user.access_token;
  }

  /** Ends this tab's session locally (the server already refused it, or the user signed out). */
  async end(reason: SignedOutReason): Promise<void> {
    this.cancelRefresh();
    this.guard.clear();
    this.user = null;
    await this.manager.removeUser().catch(() => undefined);
    this.toSignedOut(reason);
  }

  /**
   * RP-initiated logout: the auth-server ends its login session and this tab's refresh family, then
   * sends the browser back to the app. Other tabs are told to end theirs. If the issuer cannot be
   * reached the session still ends here.
   */
  async signOut(): Promise<void> {
    this.channel?.postMessage(SIGNED_OUT_MESSAGE);
    this.cancelRefresh();
    this.guard.clear();
    const reachable = await this.probeIssuer().catch(() => false);
    if (reachable) {
      this.flags.setItem(SIGN_OUT_NOTICE, 'self');
      try {
        await this.manager.signoutRedirect();
        return;
      } catch {
        this.flags.removeItem(SIGN_OUT_NOTICE);
      }
    } else {
      this.markUnreachable();
    }
    await this.end('signed-out');
  }

  /** Another tab signed out: revoke this tab's own refresh token and end here too. */
  private async signedOutElsewhere(): Promise<void> {
    if (this.state.status === 'signed-out') {
      return;
    }
    this.cancelRefresh();
    await this.manager.revokeTokens(['refresh_token']).catch(() => undefined);
    await this.end('other-tab');
  }

  private activate(user: SessionUser, renewals = this.state.renewals): void {
    this.user = user;
    const expiresIn = typeof user.expires_in === 'number' ? user.expires_in : null;
    this.cancelRefresh();
    let renewsAt: Date | null = null;
    if (expiresIn !== null) {
      const delay = refreshDelayMs(expiresIn);
      renewsAt = new Date(this.now() + delay);
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        this.refresh().catch(() => undefined);
      }, delay);
    }
    const roles = Array.isArray(user.profile.roles) ? user.profile.roles : [];
    this.update({
      status: 'active',
      email: typeof user.profile.email === 'string' ? user.profile.email : null,
      isAdmin: roles.includes('admin'),
      renewals,
      renewsAt,
      reason: null,
      reasonDetail: null,
    });
  }

  private toSignedOut(reason: SignedOutReason | null, detail: string | null = null): void {
    this.user = null;
    this.update({
      status: 'signed-out',
      email: null,
      isAdmin: false,
      renewsAt: null,
      reason,
      reasonDetail: detail,
    });
  }

  private cancelRefresh(): void {
    if (this.refreshTimer !== null) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
    }
  }

  /** Shows #connection and probes discovery until the issuer answers again. */
  private markUnreachable(): void {
    if (this.state.issuerReachable) {
      this.update({ issuerReachable: false });
    }
    if (this.probeTimer !== null) {
      return;
    }
    const probe = async () => {
      const reachable = await this.probeIssuer().catch(() => false);
      if (!reachable) {
        this.probeTimer = setTimeout(probe, this.probeIntervalMs);
        return;
      }
      this.probeTimer = null;
      this.markReachable();
      if (this.refreshWhenReachable && this.state.status === 'active') {
        this.refresh().catch(() => undefined);
      }
    };
    this.probeTimer = setTimeout(probe, this.probeIntervalMs);
  }

  private markReachable(): void {
    if (this.probeTimer !== null) {
      clearTimeout(this.probeTimer);
      this.probeTimer = null;
    }
    if (!this.state.issuerReachable) {
      this.update({ issuerReachable: true });
    }
  }

  private update(change: Partial<SessionSnapshot>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) {
      listener();
    }
  }
}

/** The server's own words for a refused sign-in, if it gave any (library messages are not for people). */
function describe(error: unknown): string | null {
  const description =
    error && typeof error === 'object' ? (error as { error_description?: unknown }).error_description : undefined;
  return typeof description === 'string' && description ? description : null;
}
