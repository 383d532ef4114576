/**
 * Wraps an async task so that callers arriving while it runs share the one in-flight promise: the
 * refresh timer and any number of 401 retries then cause a single refresh-token request (a second one
 * would present an already rotated refresh token and end the session as reuse).
 */
export function singleFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    if (!inFlight) {
      inFlight = task().finally(() => {
        inFlight = null;
      });
    }
    return inFlight;
  };
}
