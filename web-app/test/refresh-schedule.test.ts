import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshDelayMs } from '../src/auth/refresh-schedule';
import { signedInSession, user } from './fakes';

describe('refreshDelayMs', () => {
  it('renews 30 s before expiry for ordinary lifetimes', () => {
    expect(refreshDelayMs(300)).toBe(270_000);
    expect(refreshDelayMs(900)).toBe(870_000);
  });

  it('never renews before 80 % of a short lifetime', () => {
    expect(refreshDelayMs(60)).toBe(48_000);
    expect(refreshDelayMs(100)).toBe(80_000);
    expect(refreshDelayMs(10)).toBe(8_000);
  });

  it('renews at once when the token has no time left', () => {
    expect(refreshDelayMs(0)).toBe(0);
    expect(refreshDelayMs(-5)).toBe(0);
    expect(refreshDelayMs(Number.NaN)).toBe(0);
  });
});

describe('scheduled renewal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes once at the scheduled time and counts the renewal', async () => {
    const { session, manager } = await signedInSession(user('first', 300));
    manager.signinSilent.mockResolvedValueOnce(user('second', 300));

    await vi.advanceTimersByTimeAsync(269_000);
    expect(manager.signinSilent).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1_000);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
    expect(session.accessToken()).toBe('second');
    expect(session.snapshot().renewals).toBe(1);
  });

  it('schedules the next renewal from the new token', async () => {
    const { session, manager } = await signedInSession(user('first', 100));
    manager.signinSilent.mockResolvedValueOnce(user('second', 60)).mockResolvedValueOnce(user('third', 60));

    await vi.advanceTimersByTimeAsync(80_000);
    expect(session.accessToken()).toBe('second');
    await vi.advanceTimersByTimeAsync(47_000);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(manager.signinSilent).toHaveBeenCalledTimes(2);
    expect(session.snapshot().renewals).toBe(2);
  });

  it('stops renewing after sign-out', async () => {
    const { session, manager } = await signedInSession(user('first', 300));
    await session.signOut();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });
});
