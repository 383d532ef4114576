import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrors, messageFor, readProblem } from '../src/api/problem';
import { retryAt } from '../src/keys/api';

function problemResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

describe('problem documents in words', () => {
  it('shows the detail', async () => {
    const error = await ApiError.fromResponse(
      problemResponse(404, { title: 'Not Found', status: 404, detail: 'No person 42' }),
      'people service',
    );
    expect(messageFor(error)).toBe('No person 42');
  });

  it('lists the invalid fields of a 400 by their labels', async () => {
    const error = await ApiError.fromResponse(
      problemResponse(400, {
        status: 400,
        detail: 'The request has invalid fields',
        errors: [{ field: 'email', message: 'must be a well-formed email address' }],
      }),
      'people service',
    );
    expect(fieldErrors(error.problem)).toEqual(['Email: must be a well-formed email address']);
    expect(messageFor(error)).toBe('The request has invalid fields: Email: must be a well-formed email address.');
  });

  it('says "not allowed" for a 403', () => {
    expect(messageFor(new ApiError(403, { status: 403 }, 'sign-in service'))).toContain('not allowed');
    expect(messageFor(new ApiError(403, { detail: 'Admins only' }, 'sign-in service'))).toBe(
      'You are not allowed to do this: Admins only',
    );
  });

  it('says the service could not be reached on a network failure', () => {
    expect(messageFor(new ApiError(0, null, 'people service'))).toContain('The people service could not be reached');
  });

  it('falls back to the status when the body is not a problem document', async () => {
    const error = await ApiError.fromResponse(
      new Response('<html>bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
      'people service',
    );
    expect(error.problem).toBeNull();
    expect(messageFor(error)).toBe('The request failed (HTTP 502).');
  });

  it('never shows a blank message for unexpected errors', () => {
    expect(messageFor(new Error('boom'))).toBe('Something went wrong: boom');
    expect(messageFor('weird')).toBe('Something went wrong.');
  });

  it('ignores a JSON body that is not an object', async () => {
    expect(await readProblem(new Response('[1]', { headers: { 'Content-Type': 'application/json' } }))).toBeNull();
  });
});

describe('retryAt for a refused rotation', () => {
  it('prefers the problem\'s earliest', () => {
    const error = new ApiError(409, { earliest: '2030-01-02T03:04:05Z' }, 'sign-in service', new Headers({ 'Retry-After': '60' }));
    expect(retryAt(error)?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
  });

  it('falls back to Retry-After seconds', () => {
    const error = new ApiError(409, {}, 'sign-in service', new Headers({ 'Retry-After': '60' }));
    expect(retryAt(error, Date.parse('2030-01-01T00:00:00Z'))?.toISOString()).toBe('2030-01-01T00:01:00.000Z');
  });

  it('is null when the server said nothing', () => {
    expect(retryAt(new ApiError(409, null, 'sign-in service'))).toBeNull();
  });
});
