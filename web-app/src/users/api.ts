import type { ApiClient, Page } from '../api/http';

export interface User {
  id: string;
  email: string;
  roles: string[];
  enabled: boolean;
}

export const PAGE_SIZE = 10;

/** The auth-server's user administration (bearer token with role admin). */
export class UsersApi {
  constructor(private readonly client: ApiClient) {}

  list(page: number): Promise<Page<User>> {
    return this.client.json(`/api/admin/users?page=${page}&size=${PAGE_SIZE}`);
  }

  async disable(id: string): Promise<void> {
    await this.client.request(`/api/admin/users/${encodeURIComponent(id)}/disable`, { method: 'POST' });
  }

  async enable(id: string): Promise<void> {
    await this.client.request(`/api/admin/users/${encodeURIComponent(id)}/enable`, { method: 'POST' });
  }

  async endSessions(id: string): Promise<void> {
    await this.client.request(`/api/admin/users/${encodeURIComponent(id)}/sessions`, { method: 'DELETE' });
  }

  async setRoles(id: string, roles: string[]): Promise<void> {
    await this.client.request(`/api/admin/users/${encodeURIComponent(id)}/roles`, {
      method: 'PUT',
      body: { roles },
    });
  }
}

/** The roles after adding or removing admin; "user" stays. */
export function toggledAdminRoles(roles: string[]): string[] {
  if (roles.includes('admin')) {
    return roles.filter((role) => role !== 'admin');
  }
  return [...roles, 'admin'];
}
