import type { Screen } from './ui/screen';

export interface Route {
  screen: Screen;
  params: Record<string, string>;
  /** Only for admins (the server refuses the calls anyway; this is the plain-words page). */
  adminOnly: boolean;
  protected: boolean;
}

export interface RouteTable {
  people: Screen;
  personForm: Screen;
  users: Screen;
  keys: Screen;
  notFound: Screen;
}

/** The screen for a path; '/' and '/callback' are the app's own (signed-out screen, sign-in return). */
export function resolve(pathname: string, table: RouteTable): Route | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '/callback') {
    return null;
  }
  if (path === '/people') {
    return { screen: table.people, params: {}, adminOnly: false, protected: true };
  }
  if (path === '/people/new') {
    return { screen: table.personForm, params: {}, adminOnly: false, protected: true };
  }
  const person = /^\/people\/([^/]+)$/.exec(path);
  if (person) {
    return { screen: table.personForm, params: { id: decodeURIComponent(person[1]) }, adminOnly: false, protected: true };
  }
  if (path === '/users') {
    return { screen: table.users, params: {}, adminOnly: true, protected: true };
  }
  if (path === '/keys') {
    return { screen: table.keys, params: {}, adminOnly: true, protected: true };
  }
  return { screen: table.notFound, params: {}, adminOnly: false, protected: false };
}
