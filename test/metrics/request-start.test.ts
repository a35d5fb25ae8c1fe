// X-Request-Start in the three forms routers send, and what is refused.
import { describe, expect, it } from 'vitest';
import { queueTimeMs, requestStartMs } from '../../lib/metrics/request-start.ts';

const NOW = 1_764_000_000_000; // 2025-11-24, ms

describe('X-Request-Start', () => {
  it('Heroku: milliseconds since the epoch', () => {
    expect(requestStartMs('1764000000123')).toBe(1_764_000_000_123);
    expect(queueTimeMs(String(NOW - 42), NOW)).toBe(42);
  });

  it('nginx: t= seconds with a fraction', () => {
    expect(requestStartMs('t=1764000000.250')).toBeCloseTo(1_764_000_000_250, 3);
    expect(queueTimeMs(`t=${(NOW - 1500) / 1000}`, NOW)).toBeCloseTo(1500, 3);
    // whole seconds, no fraction
    expect(requestStartMs('t=1764000000')).toBe(1_764_000_000_000);
  });

  it('Apache: t= microseconds', () => {
    expect(requestStartMs('t=1764000000123456')).toBeCloseTo(1_764_000_000_123.456, 3);
    expect(queueTimeMs(`t=${(NOW - 40_000) * 1000}`, NOW)).toBe(40_000);
  });

  it('nanoseconds and t= milliseconds are told apart by magnitude too', () => {
    expect(requestStartMs('t=1764000000123456789')).toBeCloseTo(1_764_000_000_123.457, 0);
    expect(requestStartMs('t=1764000000123')).toBe(1_764_000_000_123);
  });

  it('a start in the future (clock skew) is no wait, never negative', () => {
    expect(queueTimeMs(String(NOW + 5000), NOW)).toBe(0);
    expect(queueTimeMs(`t=${(NOW + 5) / 1000}`, NOW)).toBe(0);
  });

  it('surrounding spaces, repeated headers: the first value counts', () => {
    expect(requestStartMs('  1764000000123 ')).toBe(1_764_000_000_123);
    expect(requestStartMs('1764000000123, 1764000009999')).toBe(1_764_000_000_123);
    expect(requestStartMs(['t=1764000000.5', '1'])).toBe(1_764_000_000_500);
  });

  it('absent, empty, garbage and pre-2000 values give no queue time', () => {
    for (const bad of [undefined, '', 't=', 'abc', '-1764000000123', '17640000x', 't=0', '12345', '1e12', []])
      expect(queueTimeMs(bad as string | undefined, NOW)).toBeNull();
  });
});
