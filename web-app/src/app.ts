import type { Session } from './auth/session';
import { SessionEndedError } from './auth/errors';
import { messageFor } from './api/problem';
import type { PeopleApi } from './people/api';
import type { UsersApi } from './users/api';
import type { KeysApi } from './keys/api';
import { peopleListScreen } from './people/list';
import { personFormScreen } from './people/form';
import { usersScreen } from './users/list';
import { keysScreen } from './keys/list';
import { resolve, type RouteTable } from './router';
import { h } from './ui/dom';
import { renderHeader } from './ui/header';
import { Notice } from './ui/notice';
import { heading, type NavigateOptions, type ScreenContext } from './ui/screen';
import { signedOutScreen, signingInScreen } from './ui/signed-out';

const ROUTES: RouteTable = {
  people: peopleListScreen,
  personForm: personFormScreen,
  users: usersScreen,
  keys: keysScreen,
  notFound: (ctx) => {
    ctx.root.replaceChildren(heading('Page not found'), h('p', {}, h('a', { href: '/people' }, 'Go to People')));
  },
};

export interface AppElements {
  header: HTMLElement;
  content: HTMLElement;
  notice: HTMLElement;
  connection: HTMLElement;
}

/**
 * The shell: keeps <body data-session/data-renewals>, the header and #connection in step with the
 * session, and renders the screen for the current path into <main> (history API routing).
 */
export class App {
  private readonly notice: Notice;
  private renderId = 0;
  private lastStatus: string | null = null;

  constructor(
    private readonly elements: AppElements,
    private readonly session: Session,
    private readonly apis: { people: PeopleApi; users: UsersApi; keys: KeysApi },
  ) {
    this.notice = new Notice(elements.notice);
  }

  start(): void {
    this.session.subscribe(() => this.onSessionChange());
    window.addEventListener('popstate', () => this.render());
    document.addEventListener('click', (event) => this.interceptLink(event));
    window.addEventListener('unhandledrejection', (event) => {
      event.preventDefault();
      this.showUnexpected(event.reason);
    });
    window.addEventListener('error', (event) => this.showUnexpected(event.error ?? event.message));
    this.onSessionChange();
  }

  navigate(path: string, options: NavigateOptions = {}): void {
    if (options.replace) {
      history.replaceState(null, '', path);
    } else {
      history.pushState(null, '', path);
    }
    this.render(options.notice);
  }

  private onSessionChange(): void {
    const snapshot = this.session.snapshot();
    document.body.dataset.session = snapshot.status;
    document.body.dataset.renewals = String(snapshot.renewals);
    this.elements.connection.textContent = snapshot.issuerReachable
      ? ''
      : 'The sign-in service is not reachable. The app keeps trying.';
    renderHeader(this.elements.header, snapshot, location.pathname, () => void this.session.signOut());
    // a renewal only updates the header; a change of status (or of why signed out) re-renders the screen
    const key = `${snapshot.status}:${snapshot.reason ?? ''}:${snapshot.reasonDetail ?? ''}`;
    if (key !== this.lastStatus) {
      this.lastStatus = key;
      // back from the sign-in: main() moves on to the page the user came from
      if (!(snapshot.status === 'active' && location.pathname === '/callback')) {
        this.render();
      }
    }
  }

  render(flash?: string): void {
    const id = ++this.renderId;
    const snapshot = this.session.snapshot();
    const root = this.elements.content;
    this.notice.clear();
    renderHeader(this.elements.header, snapshot, location.pathname, () => void this.session.signOut());
    const route = resolve(location.pathname, ROUTES);
    try {
      if (snapshot.status === 'signing-in') {
        signingInScreen(root);
        return;
      }
      if (snapshot.status === 'signed-out' && (route === null || route.protected)) {
        signedOutScreen(root, snapshot, {
          signIn: () => void this.session.signIn({ returnTo: this.returnTo() }),
          signUp: () => void this.session.signIn({ create: true, returnTo: this.returnTo() }),
        });
        return;
      }
      if (route === null) {
        this.navigate('/people', { replace: true, notice: flash });
        return;
      }
      if (route.adminOnly && !snapshot.isAdmin) {
        root.replaceChildren(heading('Not allowed'), h('p', {}, h('a', { href: '/people' }, 'Go to People')));
        this.notice.error('You are not allowed to see this page: it is for administrators.');
        return;
      }
      if (flash) {
        this.notice.show(flash);
      }
      const context: ScreenContext = {
        root,
        notice: this.notice,
        session: snapshot,
        ...this.apis,
        params: route.params,
        search: location.search,
        navigate: (path, options) => this.navigate(path, options),
        isCurrent: () => id === this.renderId,
        fail: (error) => {
          if (id === this.renderId && !(error instanceof SessionEndedError)) {
            this.notice.error(messageFor(error));
          }
        },
      };
      const result = route.screen(context);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if (id === this.renderId) {
            this.showUnexpected(error);
          }
        });
      }
    } catch (error) {
      this.showUnexpected(error);
    } finally {
      this.focusHeading();
    }
  }

  private returnTo(): string {
    const route = resolve(location.pathname, ROUTES);
    return route?.protected ? location.pathname + location.search : '/people';
  }

  private focusHeading(): void {
    const h1 = this.elements.content.querySelector('h1');
    // only after a navigation inside the app; on first load the browser's own focus stays
    if (h1 && this.renderId > 1) {
      h1.focus({ preventScroll: false });
    }
  }

  private showUnexpected(error: unknown): void {
    if (error instanceof SessionEndedError) {
      return;
    }
    this.notice.error(messageFor(error));
  }

  /** Same-origin links change the screen without a page load (which would forget the tokens). */
  private interceptLink(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) {
      return;
    }
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || (url.hash && url.pathname === location.pathname)) {
      return;
    }
    event.preventDefault();
    this.navigate(url.pathname + url.search);
  }
}
