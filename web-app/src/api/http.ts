import { ApiError } from './problem';
import { IssuerUnreachableError, SessionEndedError } from '../auth/errors';

/** Where the API client gets bearer tokens; the Session in the app. */
export interface TokenSource {
  accessToken(): string | null;
  /** The token to retry with after `rejected` got a 401 (renews at most once, shared across callers). */
  tokenAfterRejection(rejected: string): Promise<string>;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Bearer calls to one service. A 401 renews the access token once (single-flight, see Session) and the
 * request is sent again once; a second 401 is the answer. Refusals become ApiErrors with the problem.
 */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: TokenSource,
    /** The service in plain words, for messages. */
    private readonly service: string,
    // the global fetch looked up at call time: tests (and e2e) may wrap window.fetch
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
  ) {}

  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const token = this.tokens.accessToken();
    if (token === null) {
      throw new SessionEndedError();
    }
    let response = await this.send(path, options, token);
    if (response.status === 401) {
      let fresh: string;
      try {
        fresh = await this.tokens.tokenAfterRejection(token);
      } catch (error) {
        if (error instanceof IssuerUnreachableError) {
          throw new ApiError(0, null, 'sign-in service');
        }
        throw error;
      }
      response = await this.send(path, options, fresh);
    }
    if (!response.ok) {
      throw await ApiError.fromResponse(response, this.service);
    }
    return response;
  }

  async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(path, options);
    return (await response.json()) as T;
  }

  private async send(path: string, options: RequestOptions, token: string): Promise<Response> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      Authorization: `Bearer ${token}`,
      ...options.headers,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      return await this.fetchFn(`${this.baseUrl}${path}`, { method: options.method ?? 'GET', headers, body });
    } catch {
      throw new ApiError(0, null, this.service);
    }
  }
}

/** Spring's PagedModel as the servers send it. */
export interface Page<T> {
  content: T[];
  page: { size: number; number: number; totalElements: number; totalPages: number };
}
