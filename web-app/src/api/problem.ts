/** An RFC 9457 problem document, as the servers send for every refusal. */
export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field?: string; message?: string }[];
  [extension: string]: unknown;
}

/** A call to one of the app's services that failed: `status` 0 when the service could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** The service in plain words, e.g. "people service". */
    readonly service: string,
    readonly headers: Headers | null = null,
  ) {
    super(status === 0 ? `The ${service} could not be reached.` : `HTTP ${status}`);
    this.name = 'ApiError';
  }

  static async fromResponse(response: Response, service: string): Promise<ApiError> {
    return new ApiError(response.status, await readProblem(response), service, response.headers);
  }
}

export async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) {
    return null;
  }
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Problem) : null;
  } catch {
    return null;
  }
}

const FIELD_NAMES: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  roles: 'Roles',
};

/** The field errors of a 400 problem, each as "Field: message". */
export function fieldErrors(problem: Problem | null): string[] {
  if (!problem || !Array.isArray(problem.errors)) {
    return [];
  }
  return problem.errors
    .filter((e) => e && typeof e === 'object')
    .map((e) => {
      const field = typeof e.field === 'string' ? (FIELD_NAMES[e.field] ?? e.field) : '';
      const message = typeof e.message === 'string' ? e.message : 'is not valid';
      return field ? `${field}: ${message}` : message;
    });
}

/**
 * The sentence shown in #notice for a failed call. A screen handles the statuses it knows (a 412 on
 * an edit, a 409 on a rotation) before falling back to this.
 */
export function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) {
      return `The ${error.service} could not be reached. Check your connection and try again.`;
    }
    const detail = error.problem?.detail?.trim() || error.problem?.title?.trim() || '';
    if (error.status === 403) {
      return `You are not allowed to do this${detail ? `: ${detail}` : '.'}`;
    }
    if (error.status === 401) {
      return 'The server did not accept your sign-in. Sign out and sign in again.';
    }
    const fields = fieldErrors(error.problem);
    const base = detail || `The request failed (HTTP ${error.status}).`;
    return fields.length ? `${stripDot(base)}: ${fields.join('; ')}.` : base;
  }
  if (error instanceof Error && error.message) {
    return `Something went wrong: ${error.message}`;
  }
  return 'Something went wrong.';
}

function stripDot(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
