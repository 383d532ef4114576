import type { SessionSnapshot, SignedOutReason } from '../auth/session';
import { h } from './dom';
import { heading } from './screen';

const REASONS: Record<SignedOutReason, string> = {
  ended: 'Your session has ended. Please sign in again.',
  'signed-out': 'You have signed out.',
  'other-tab': 'You signed out in another tab.',
  unreachable: 'The sign-in service is not reachable. Please try again in a moment.',
  'sign-in-failed': 'Signing in did not complete. Please try again.',
  cancelled: 'Signing in was cancelled.',
};

/** The sentence for why the user is on the signed-out screen ('' when they simply arrived). */
export function signedOutReasonText(snapshot: Pick<SessionSnapshot, 'reason' | 'reasonDetail'>): string {
  if (!snapshot.reason) {
    return '';
  }
  const base = REASONS[snapshot.reason];
  return snapshot.reasonDetail ? `${base} ${snapshot.reasonDetail}` : base;
}

/** The welcome screen: Sign in / Sign up (both the auth-server's pages). */
export function signedOutScreen(
  root: HTMLElement,
  snapshot: SessionSnapshot,
  actions: { signIn(): void; signUp(): void },
): void {
  root.replaceChildren(
    heading('Welcome'),
    h('p', { id: 'signed-out-reason', role: 'alert' }, signedOutReasonText(snapshot)),
    h('p', {}, 'Sign in to see and manage people. New here? Sign up to create an account.'),
    h('div', { class: 'form-actions' },
      h('button', { id: 'sign-in', type: 'button', class: 'primary', onclick: () => actions.signIn() }, 'Sign in'),
      h('button', { id: 'sign-up', type: 'button', onclick: () => actions.signUp() }, 'Sign up'),
    ),
  );
}

export function signingInScreen(root: HTMLElement): void {
  root.replaceChildren(heading('Signing in'), h('p', {}, 'Signing you in…'));
}
