import type { ApiClient } from '../api/http';
import { ApiError } from '../api/problem';

export type KeyState = 'next' | 'active' | 'retired' | 'revoked';

export interface SigningKey {
  kid: string;
  state: KeyState;
  algorithm?: string;
  size?: number;
  createdAt?: string | null;
  activatedAt?: string | null;
  retiredAt?: string | null;
  revokedAt?: string | null;
  published?: boolean;
}

/** The auth-server's signing-key administration (bearer token with role admin). */
export class KeysApi {
  constructor(private readonly client: ApiClient) {}

  list(): Promise<SigningKey[]> {
    return this.client.json('/api/admin/keys');
  }

  async rotate(force: boolean): Promise<void> {
    await this.client.request(`/api/admin/keys/rotate${force ? '?force=true' : ''}`, { method: 'POST' });
  }

  async revoke(kid: string): Promise<void> {
    await this.client.request(`/api/admin/keys/${encodeURIComponent(kid)}/revoke`, { method: 'POST' });
  }
}

/**
 * When a refused rotation may be retried: the problem's `earliest`, else the Retry-After header
 * (seconds or an HTTP date), else null.
 */
export function retryAt(error: ApiError, now: number = Date.now()): Date | null {
  const earliest = error.problem?.earliest;
  if (typeof earliest === 'string') {
    const date = new Date(earliest);
    if (!Number.isNaN(date.getTime())) {
      return date;
    }
  }
  const header = error.headers?.get('Retry-After');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) {
      return new Date(now + seconds * 1000);
    }
    const date = new Date(header);
    if (!Number.isNaN(date.getTime())) {
      return date;
    }
  }
  return null;
}
