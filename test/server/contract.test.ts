// The master-worker contract: settings survive the trip and are validated on arrival, the shutdown
// budget's derived deadlines, and the message guards.
import { describe, expect, it } from 'vitest';
import { staticDefaults } from '../../lib/config/settings.ts';
import { isMasterMessage, isWorkerMessage } from '../../lib/server/contract/messages.ts';
import { decodeSettings, encodeSettings } from '../../lib/server/contract/settings.ts';
import { DYNO_GRACEFUL_TIMEOUT, shutdownBudget } from '../../lib/server/contract/timing.ts';

describe('settings across the process boundary', () => {
  it('round-trips, and the receiver runs the registry validators again', () => {
    const s = { ...staticDefaults(), app: 'app', workers: 3, bind: ['127.0.0.1:9000'] };
    expect(decodeSettings(encodeSettings(s))).toEqual(s);
    const tampered = JSON.parse(encodeSettings(s));
    expect(() => decodeSettings(JSON.stringify({ ...tampered, workers: 0 }))).toThrow(
      /workers = 0 must be from 1 to 1000/,
    );
    expect(() => decodeSettings(JSON.stringify({ ...tampered, distribution: 'random' }))).toThrow(
      /distribution = "random" must be one of shared, reuseport, round-robin/,
    );
    expect(() => decodeSettings(JSON.stringify({ ...tampered, bind: ['nope:x'] }))).toThrow(/bind =/);
  });
});

describe('shutdown budget', () => {
  it('worker gives up at T-0.5 s, master kills at T+1 s and exits at T+2 s', () => {
    expect(shutdownBudget(DYNO_GRACEFUL_TIMEOUT)).toEqual({
      timeoutMs: 25_000,
      workerDrainMs: 24_500,
      killAfterMs: 26_000,
      exitAfterMs: 27_000,
    });
    // Heroku kills 30 s after TERM: the master's own exit must come before that.
    expect(shutdownBudget(DYNO_GRACEFUL_TIMEOUT).exitAfterMs).toBeLessThan(30_000);
    expect(shutdownBudget(30, false)).toMatchObject({ timeoutMs: 2000, killAfterMs: 3000 });
    expect(shutdownBudget(0).workerDrainMs).toBe(0);
  });
});

describe('message guards', () => {
  it('accept the contract types only', () => {
    expect(isWorkerMessage({ t: 'ready', shape: 'x' })).toBe(true);
    expect(isWorkerMessage({ t: 'stop' })).toBe(false);
    expect(isMasterMessage({ t: 'stop', graceful: true, drainMs: 1, handoffMs: 0 })).toBe(true);
    expect(isMasterMessage({ t: 'heartbeat' })).toBe(false);
    expect(isMasterMessage(null)).toBe(false);
  });
});

describe('README architecture section', () => {
  it('lists every message of the contract', async () => {
    const { readFileSync } = await import('node:fs');
    const { MESSAGE_TABLE } = await import('../../lib/server/contract/messages.ts');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [direction, message] of MESSAGE_TABLE)
      expect(readme).toContain(`| ${direction} | \`${message}\` |`);
  });
});
