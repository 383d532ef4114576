/** The part of sessionStorage the guard needs (tests pass a map). */
export type FlagStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const SIGNED_IN = 'signedIn';
export const REDIRECT_ATTEMPTED = 'redirectAttempted';

export type StartDecision = 'auto-sign-in' | 'signed-out';

/**
 * Tokens live in memory only, so a reload forgets them. The tab's sessionStorage keeps a flag (no token)
 * saying it was signed in; then the app redirects to sign in once by itself (the auth-server's login
 * cookie makes that instant). A second flag marks that redirect: if the page loads again while it is set,
 * the redirect did not come back with a session, and the app shows the sign-in screen instead of looping.
 */
export class ReloadGuard {
  constructor(private readonly store: FlagStore) {}

  /** At a page load outside /callback, without a session in memory. */
  decide(): StartDecision {
    const signedIn = this.store.getItem(SIGNED_IN) === 'true';
    const attempted = this.store.getItem(REDIRECT_ATTEMPTED) === 'true';
    if (signedIn && !attempted) {
      this.store.setItem(REDIRECT_ATTEMPTED, 'true');
      return 'auto-sign-in';
    }
    if (attempted) {
      this.clear();
    }
    return 'signed-out';
  }

  /** A sign-in completed: the next reload may redirect once again. */
  signedIn(): void {
    this.store.setItem(SIGNED_IN, 'true');
    this.store.removeItem(REDIRECT_ATTEMPTED);
  }

  /** Signed out, session ended, or a sign-in failed: a reload shows the sign-in screen. */
  clear(): void {
    this.store.removeItem(SIGNED_IN);
    this.store.removeItem(REDIRECT_ATTEMPTED);
  }
}
