import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { RuntimeConfig } from '../config/runtime-config';

/**
 * The OIDC client of this tab: authorization code + PKCE against the issuer's discovery document.
 * Tokens (the user store) stay in memory; sessionStorage keeps only the transient state and PKCE
 * verifier of a redirect in flight, removed at the callback. Renewal is ours (see Session).
 */
export function createUserManager(config: RuntimeConfig, origin: string): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}/callback`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.scope,
    loadUserInfo: true,
    automaticSilentRenew: false,
    monitorSession: false,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // bounded waits, so a hanging issuer shows as unreachable instead of a spinner forever
    requestTimeoutInSeconds: 15,
    silentRequestTimeoutInSeconds: 15,
  });
}

/** Whether the issuer answers its discovery document now (no cache: this is a liveness check). */
export async function probeIssuer(issuer: string, timeoutMs = 4000): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      cache: 'no-store',
      signal: controller.signal,
    });
    return response.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
