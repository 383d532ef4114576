import type { SessionSnapshot } from '../auth/session';
import type { PeopleApi } from '../people/api';
import type { UsersApi } from '../users/api';
import type { KeysApi } from '../keys/api';
import type { Notice } from './notice';

export interface NavigateOptions {
  /** Shown in #notice on the next screen (e.g. "Saved"). */
  notice?: string;
  replace?: boolean;
}

/** What a screen gets to render itself into <main> and to act. */
export interface ScreenContext {
  root: HTMLElement;
  notice: Notice;
  session: SessionSnapshot;
  people: PeopleApi;
  users: UsersApi;
  keys: KeysApi;
  /** Path params, e.g. the person id. */
  params: Record<string, string>;
  search: string;
  navigate(path: string, options?: NavigateOptions): void;
  /** False once the user went elsewhere: late answers must not touch the page. */
  isCurrent(): boolean;
  /** Shows a failure in #notice in words (or nothing if the session just ended). */
  fail(error: unknown): void;
}

export type Screen = (context: ScreenContext) => Promise<void> | void;

/** The screen's <h1>, focusable so that keyboard and screen-reader users land on the new screen. */
export function heading(text: string): HTMLHeadingElement {
  const h1 = document.createElement('h1');
  h1.textContent = text;
  h1.tabIndex = -1;
  return h1;
}
