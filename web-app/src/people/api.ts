import type { ApiClient, Page } from '../api/http';

export interface Person {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  createdAt?: string;
  updatedAt?: string;
  version?: number;
}

export type PersonFields = Pick<Person, 'firstName' | 'lastName' | 'email'>;

/** A person as loaded, with the ETag that a later update must send back in If-Match. */
export interface Versioned<T> {
  value: T;
  etag: string | null;
}

export const PAGE_SIZE = 10;

export class PeopleApi {
  constructor(private readonly client: ApiClient) {}

  list(page: number): Promise<Page<Person>> {
    return this.client.json(`/api/people?page=${page}&size=${PAGE_SIZE}&sort=lastName,asc`);
  }

  async get(id: string): Promise<Versioned<Person>> {
    const response = await this.client.request(`/api/people/${encodeURIComponent(id)}`);
    return { value: (await response.json()) as Person, etag: response.headers.get('ETag') };
  }

  create(fields: PersonFields): Promise<Person> {
    return this.client.json('/api/people', { method: 'POST', body: fields });
  }

  /** Sends the ETag it loaded: the server answers 412 when someone saved in between. */
  async update(id: string, fields: PersonFields, etag: string | null): Promise<Versioned<Person>> {
    const response = await this.client.request(`/api/people/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: fields,
      headers: etag ? { 'If-Match': etag } : {},
    });
    const value = response.status === 204 ? { id, ...fields } : ((await response.json()) as Person);
    return { value, etag: response.headers.get('ETag') };
  }

  async remove(id: string): Promise<void> {
    await this.client.request(`/api/people/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }
}
