import { App } from './app';
import { ApiClient } from './api/http';
import { createUserManager, probeIssuer } from './auth/oidc';
import { Session, type SessionUserManager } from './auth/session';
import { loadRuntimeConfig } from './config/runtime-config';
import { KeysApi } from './keys/api';
import { PeopleApi } from './people/api';
import { UsersApi } from './users/api';
import { messageFor } from './api/problem';

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error(`The page has no #${id}.`);
  }
  return found;
}

async function main(): Promise<void> {
  const elements = {
    header: element('site-header'),
    content: element('content'),
    notice: element('notice'),
    connection: element('connection'),
  };
  document.body.dataset.session = 'signed-out';
  document.body.dataset.renewals = '0';

  let config;
  try {
    config = await loadRuntimeConfig();
  } catch (error) {
    elements.notice.textContent = error instanceof Error ? error.message : String(error);
    return;
  }

  const manager = createUserManager(config, location.origin);
  const session = new Session({
    manager: manager as unknown as SessionUserManager,
    flags: window.sessionStorage,
    channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel('web-app-session') : null,
    probeIssuer: () => probeIssuer(config.issuer),
  });
  const app = new App(elements, session, {
    people: new PeopleApi(new ApiClient(config.apiUrl, session, 'people service')),
    users: new UsersApi(new ApiClient(config.issuer, session, 'sign-in service')),
    keys: new KeysApi(new ApiClient(config.issuer, session, 'sign-in service')),
  });
  app.start();
  const next = await session.start(new URL(location.href));
  if (next !== null) {
    // leave /callback (and its code and state) out of the history
    app.navigate(next, { replace: true });
  }
}

main().catch((error: unknown) => {
  const notice = document.getElementById('notice');
  if (notice) {
    notice.textContent = messageFor(error);
  }
});
