import { describe, expect, it, vi } from 'vitest';
import { ApiClient, type TokenSource } from '../src/api/http';
import { ApiError } from '../src/api/problem';
import { PeopleApi } from '../src/people/api';

const tokens: TokenSource = { accessToken: () => 'token', tokenAfterRejection: async () => 'token' };

/** A people API whose person 7 is at `version`; PUT needs the matching If-Match. */
function server(initialVersion: number) {
  let version = initialVersion;
  const requests: { method: string; headers: Record<string, string> }[] = [];
  const fetchFn = vi.fn(async (_url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    requests.push({ method: init.method ?? 'GET', headers });
    const person = { id: '7', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', version };
    if (init.method === 'PUT') {
      if (headers['If-Match'] !== `"${version}"`) {
        return new Response(JSON.stringify({ status: 412, detail: 'The person was changed' }), {
          status: 412,
          headers: { 'Content-Type': 'application/problem+json' },
        });
      }
      version += 1;
      return new Response(JSON.stringify({ ...person, version }), {
        status: 200,
        headers: { 'Content-Type': 'application/json', ETag: `"${version}"` },
      });
    }
    return new Response(JSON.stringify(person), {
      status: 200,
      headers: { 'Content-Type': 'application/json', ETag: `"${version}"` },
    });
  });
  return { fetchFn, requests, bump: () => (version += 1) };
}

const fields = { firstName: 'Ada', lastName: 'King', email: 'ada@example.com' };

describe('ETag and If-Match', () => {
  it('keeps the ETag it loaded and sends it as If-Match', async () => {
    const api = server(3);
    const people = new PeopleApi(new ApiClient('http://api', tokens, 'people service', api.fetchFn));

    const loaded = await people.get('7');
    const saved = await people.update('7', fields, loaded.etag);

    expect(loaded.etag).toBe('"3"');
    expect(api.requests[1].headers['If-Match']).toBe('"3"');
    expect(saved.etag).toBe('"4"');
  });

  it('gets the 412 when someone saved in between', async () => {
    const api = server(3);
    const people = new PeopleApi(new ApiClient('http://api', tokens, 'people service', api.fetchFn));

    const loaded = await people.get('7');
    api.bump();
    const failure = await people.update('7', fields, loaded.etag).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(412);
  });
});
