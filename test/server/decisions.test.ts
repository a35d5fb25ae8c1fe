// The master's pure decisions: crash backoff, per-worker request budgets, heartbeat rate, socket owners.
import { describe, expect, it } from 'vitest';
import {
  MAX_BACKOFF_MS,
  nextCrashStreak,
  requestBudget,
  respawnDelayMs,
  STABLE_AFTER_MS,
} from '../../lib/server/backoff.ts';
import { heartbeatIntervalMs } from '../../lib/server/contract/timing.ts';
import { listeningInodes } from '../../lib/server/socket-owner.ts';

describe('crash backoff', () => {
  it('replaces a single crash at once and doubles the wait for each quick crash after it, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map(respawnDelayMs)).toEqual([0, 250, 500, 1000, 2000, 4000]);
    expect(respawnDelayMs(50)).toBe(MAX_BACKOFF_MS);
  });

  it('a worker that served long enough ends the streak; quick deaths and boot failures extend it', () => {
    expect(nextCrashStreak(5, STABLE_AFTER_MS)).toBe(1);
    expect(nextCrashStreak(5, STABLE_AFTER_MS - 1)).toBe(6);
    expect(nextCrashStreak(2, null)).toBe(3);
    expect(nextCrashStreak(5, 200, 1)).toBe(1);
    expect(nextCrashStreak(5, 200, 0)).toBe(6);
  });
});

describe('request budget (max-requests + jitter)', () => {
  it('is 0 (never retire) when max-requests is off', () => {
    expect(requestBudget(0, 50)).toBe(0);
  });
  it('adds 0..jitter inclusive', () => {
    expect(requestBudget(100, 10, () => 0)).toBe(100);
    expect(requestBudget(100, 10, () => 0.9999)).toBe(110);
    expect(requestBudget(100, 0, () => 0.9999)).toBe(100);
  });
});

describe('heartbeat interval', () => {
  it('beats at least four times per timeout, between 50 ms and 1 s', () => {
    expect(heartbeatIntervalMs(30)).toBe(1000);
    expect(heartbeatIntervalMs(2)).toBe(500);
    expect(heartbeatIntervalMs(0.1)).toBe(50);
    expect(heartbeatIntervalMs(0)).toBe(1000);
  });
});

describe('who listens on a unix socket (/proc/net/unix)', () => {
  const table = [
    'Num       RefCount Protocol Flags    Type St Inode Path',
    '0000000000000000: 00000002 00000000 00010000 0001 01 41001 /run/app.sock',
    '0000000000000000: 00000003 00000000 00000000 0001 03 41002 /run/app.sock',
    '0000000000000000: 00000002 00000000 00010000 0001 01 41003 /run/other dir/x.sock',
    '0000000000000000: 00000002 00000000 00010000 0001 01 41004',
  ].join('\n');
  it('finds the listening inode for the path (not connected peers, not other paths)', () => {
    expect(listeningInodes(table, '/run/app.sock')).toEqual(['41001']);
    expect(listeningInodes(table, '/run/other dir/x.sock')).toEqual(['41003']);
    expect(listeningInodes(table, '/run/none.sock')).toEqual([]);
  });
});
