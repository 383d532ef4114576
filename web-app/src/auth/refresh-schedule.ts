/** Renew no later than 30 s before expiry, and never before 80 % of the lifetime (short-lived tokens). */
export function refreshDelayMs(expiresInSeconds: number): number {
  if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) {
    return 0;
  }
  return Math.round(Math.max(expiresInSeconds - 30, 0.8 * expiresInSeconds) * 1000);
}
