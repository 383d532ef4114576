import type { SessionSnapshot } from '../auth/session';
import { append, h } from './dom';
import { localTime } from './format';

/** The header's content: navigation, who is signed in, renewal time, sign-out. */
export function renderHeader(
  header: HTMLElement,
  snapshot: SessionSnapshot,
  currentPath: string,
  signOut: () => void,
): void {
  const link = (href: string, text: string) =>
    h('a', { href, 'aria-current': currentPath === href || currentPath.startsWith(`${href}/`) ? 'page' : null }, text);
  const active = snapshot.status === 'active';
  header.replaceChildren();
  append(
    header,
    h('a', { class: 'skip-link', href: '#content' }, 'Skip to content'),
    h('p', { class: 'brand' }, 'Token service'),
    active
      ? h('nav', { 'aria-label': 'Main' },
          h('ul', {},
            h('li', {}, link('/people', 'People')),
            snapshot.isAdmin ? h('li', {}, link('/users', 'Users')) : null,
            snapshot.isAdmin ? h('li', {}, link('/keys', 'Keys')) : null,
          ))
      : null,
    h('div', { class: 'account' },
      active ? h('p', { id: 'signed-in-as' }, `Signed in as ${snapshot.email ?? 'unknown user'}`) : null,
      h('p', { id: 'session-expiry' }, expiryText(snapshot)),
      active ? h('button', { id: 'sign-out', type: 'button', onclick: () => signOut() }, 'Sign out') : null,
    ),
  );
}

export function expiryText(snapshot: SessionSnapshot): string {
  if (snapshot.status === 'active') {
    if (!snapshot.issuerReachable) {
      return 'Your access will be renewed when the sign-in service answers again.';
    }
    return snapshot.renewsAt
      ? `Your access renews automatically at ${localTime(snapshot.renewsAt)}.`
      : 'You are signed in.';
  }
  if (snapshot.status === 'signing-in') {
    return 'Signing in…';
  }
  return snapshot.reason === 'ended' ? 'Your session has ended.' : 'You are not signed in.';
}
