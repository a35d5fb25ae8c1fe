// The autotune policy inside the master's policy loop, driven with event sequences: every policy
// of lib/server/policy/ runs as the arbiter runs them, over a model of the pool, with the dyno's
// facts read by the master's own edge (MasterTuner) from a fixture tree. No process is started;
// test/server/autotune.test.ts proves the same end to end in real cgroups.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticDefaults } from '../../lib/config/settings.ts';
import type { Settings } from '../../lib/config/types.ts';
import { POLICIES } from '../../lib/server/policy/index.ts';
import type { Action, Facts, PolicyEvent, WorkerFacts } from '../../lib/server/policy/types.ts';
import { MasterTuner, type TuneSources } from '../../lib/server/tuner.ts';
import { ROOT } from '../helpers/proc.ts';

const MB = 1024 * 1024;
const PLATFORM: TuneSources = {
  workers: { kind: 'env', detail: 'WEB_CONCURRENCY=2' },
  maxWorkerMemory: { kind: 'default', detail: 'default' },
};
const USER: TuneSources = { ...PLATFORM, workers: { kind: 'cli', detail: '-w' } };

class Sim {
  now = 1_000_000;
  pid = 100;
  target: number;
  everReady = false;
  workers: WorkerFacts[] = [];
  log: string[] = [];
  usageMb: number | null = null;
  usageAt = 0;
  readonly tuner: MasterTuner;
  readonly settings: Settings;

  constructor(opts: {
    sources: TuneSources;
    workers: number;
    fixture?: string;
    env?: Record<string, string>;
  }) {
    const env = {
      TSICORN_CGROUP_ROOT: join(ROOT, 'fixtures/cgroups', opts.fixture ?? 'standard-1x-v1'),
      WEB_CONCURRENCY: String(opts.workers),
      WEB_CONCURRENCY_SET_BY: 'tsicorn',
      ...opts.env,
    };
    this.tuner = new MasterTuner(
      { argv: [], env, cwd: ROOT, entry: '', execPath: process.execPath, execArgv: [] },
      opts.sources,
    );
    this.target = opts.workers;
    this.settings = { ...staticDefaults(), workers: opts.workers };
  }

  facts(): Facts {
    const settings = { ...this.settings, workers: this.target };
    const tune = this.tuner.tuneFacts(settings, 50 * MB);
    return {
      now: this.now,
      phase: this.everReady ? 'running' : 'booting',
      target: this.target,
      settings: {
        timeout: 30,
        bootTimeout: 60,
        maxWorkerMemory: tune.limits.maxWorkerMemoryMb,
        preloadApp: false,
      },
      workers: this.workers.map((w) => ({ ...w })),
      pendingSpawns: 0,
      everReady: this.everReady,
      allReadyAnnounced: false,
      generation: 0,
      settledGeneration: 0,
      crash: { streak: 0, notBefore: 0 },
      memory: { masterRss: 50 * MB, limit: { mb: tune.dyno.limitMb, source: 'test' } },
      said: {},
      tune: { ...tune, usage: this.usageMb === null ? null : { inUseMb: this.usageMb, at: this.usageAt } },
    };
  }

  run(ev: PolicyEvent = { type: 'tick' }): Action[] {
    const all: Action[] = [];
    for (const p of POLICIES) for (const a of p.decide(this.facts(), ev)) all.push(...this.apply(a));
    return all;
  }

  private apply(a: Action): Action[] {
    switch (a.do) {
      case 'spawn':
        this.spawn(null);
        break;
      case 'replace': {
        const w = this.get(a.pid);
        if (w.retiring || w.state !== 'ready') break;
        w.retiring = a.reason;
        this.spawn(w.pid);
        break;
      }
      case 'retire':
        this.get(a.pid).state = 'stopping';
        this.get(a.pid).retiring ??= a.reason;
        break;
      case 'set-target':
        this.target = a.workers;
        this.log.push(`target ${a.workers}: ${a.reason}`);
        return [a, ...this.run({ type: 'target-changed' })];
      case 'tune':
        this.tuner.state = a.state;
        break;
      case 'say':
        this.log.push(`${a.level}: ${a.text}`);
        break;
    }
    return [a];
  }

  spawn(replaces: number | null): WorkerFacts {
    const args = this.tuner.workerArgs({ ...this.settings, workers: this.target }, 50 * MB);
    const w: WorkerFacts = {
      pid: ++this.pid,
      age: this.pid,
      generation: 0,
      state: 'booting',
      spawnedAt: this.now,
      readyAt: null,
      lastBeat: this.now,
      rss: 0,
      requests: 0,
      inFlight: 0,
      heapUsed: 0,
      heapLimitMb: args.heapLimitMb,
      retiring: null,
      replaces,
      aborting: false,
      stopDeadline: null,
    };
    this.workers.push(w);
    return w;
  }

  get(pid: number): WorkerFacts {
    const w = this.workers.find((x) => x.pid === pid);
    if (!w) throw new Error(`no worker ${pid}`);
    return w;
  }

  /** The worker gets ready, then its first heartbeat (with figures) arrives. */
  ready(pid: number, rssMb: number, heapUsedMb: number): void {
    const w = this.get(pid);
    w.state = 'ready';
    w.readyAt = w.lastBeat = this.now;
    const old = this.workers.find((x) => x.pid === w.replaces);
    w.replaces = null;
    if (old) old.state = 'stopping';
    this.everReady = true;
    this.run({ type: 'ready', pid });
    w.rss = rssMb * MB;
    w.heapUsed = heapUsedMb * MB;
    this.run({ type: 'heartbeat', pid });
  }

  /** Stopping workers exit; booting ones get ready with these figures. */
  settle(rssMb: number, heapUsedMb: number): void {
    for (let i = 0; i < 20; i++) {
      const stopping = this.workers.find((w) => w.state === 'stopping');
      const booting = this.workers.find((w) => w.state === 'booting');
      if (stopping) {
        this.workers = this.workers.filter((w) => w !== stopping);
        this.run({
          type: 'exit',
          worker: {
            pid: stopping.pid,
            generation: 0,
            wasReady: true,
            expected: true,
            code: 0,
            signal: null,
            livedMs: 1,
            served: 0,
            how: 'exited with code 0',
          },
        });
      } else if (booting) this.ready(booting.pid, rssMb, heapUsedMb);
      else return;
    }
    throw new Error('never settled');
  }

  /** A cgroup usage sample, then a tick. */
  sample(usageMb: number, everyMs = 2000): void {
    this.now += everyMs;
    this.usageMb = usageMb;
    this.usageAt = this.now;
    this.run();
  }
}

describe('boot-time fit in the policy loop', () => {
  it('holds the others until the first worker has reported, then fits a platform default', () => {
    const s = new Sim({ sources: PLATFORM, workers: 2 });
    s.run();
    expect(s.workers).toHaveLength(1);
    const first = s.workers[0]!;
    s.run({ type: 'ready', pid: first.pid });
    s.get(first.pid).state = 'ready';
    s.run();
    expect(s.workers).toHaveLength(1);
    s.ready(first.pid, 256, 205);
    expect(s.log).toContain('target 1: boot-time fit');
    expect(s.log.find((l) => l.startsWith('info: Boot-time fit'))).toMatch(
      /^info: Boot-time fit: 1 worker \(WEB_CONCURRENCY=2 from tsicorn, was 2\)/,
    );
    s.settle(256, 205);
    expect(s.workers.map((w) => w.state)).toEqual(['ready']);
    // Alone, it keeps the heap limit for one worker: no replacement.
    expect(s.log.some((l) => l.includes('was for one worker'))).toBe(false);
    expect(s.log.find((l) => l.startsWith('info: Worker memory'))).toMatch(
      /V8 heap limit \d+ MB per worker: \(512 MB limit - 50 MB master\) \/ 1 worker - 51 MB non-heap/,
    );
  });

  it('a user count is kept (with the warning when it cannot fit); the first worker is swapped for one with the smaller heap', () => {
    const s = new Sim({ sources: USER, workers: 3 });
    s.run();
    s.ready(s.workers[0]!.pid, 200, 150);
    expect(s.target).toBe(3);
    expect(s.log.filter((l) => l.startsWith('warning: Memory: 3 workers (-w)'))).toHaveLength(1);
    const canary = s.workers[0]!;
    expect(canary.heapLimitMb).toBe(512 - 50 - 64);
    // Once all three are ready, the first one is replaced (successor first) by one with the heap
    // limit for three workers: here 1.5 x the 150 MB of heap the first one used at boot.
    s.settle(200, 150);
    expect(s.workers.find((w) => w.pid === canary.pid)).toBeUndefined();
    expect(s.workers.map((w) => w.heapLimitMb)).toEqual([225, 225, 225]);
    expect(s.workers).toHaveLength(3);
    // 3 workers of 200 MB do not fit a 461 MB budget: no default --max-worker-memory (it would replace every worker).
    expect(s.log.find((l) => l.startsWith('info: Worker memory'))).toMatch(
      /no default --max-worker-memory: the fair share .* = 136 MB leaves no room over the 200 MB a worker uses at boot/,
    );
    expect(s.facts().settings.maxWorkerMemory).toBe(0);
  });

  it('unknown memory: nothing held, nothing capped, one line saying so', () => {
    const s = new Sim({ sources: PLATFORM, workers: 3, fixture: 'nolimit-v2' });
    s.run();
    s.ready(s.workers[0]!.pid, 60, 10);
    expect(s.workers).toHaveLength(3);
    expect(s.workers.every((w) => w.heapLimitMb === null)).toBe(true);
    expect(s.log[0]).toMatch(
      /^info: Boot-time fit: keeping 3 workers \(WEB_CONCURRENCY=2 from tsicorn\): memory limit unknown \(no limit\), nothing to fit$/,
    );
  });
});

describe('run-time fit in the policy loop', () => {
  it('retires the largest worker near the limit without a respawn, then grows back when room returns', () => {
    const s = new Sim({ sources: PLATFORM, workers: 2 });
    s.run();
    s.ready(s.workers[0]!.pid, 60, 10);
    s.settle(60, 10);
    s.run();
    s.settle(60, 10);
    expect(s.target).toBe(2);
    const [a, b] = s.workers;
    s.get(a!.pid).rss = 200 * MB;
    s.sample(480);
    expect(s.workers.every((w) => w.state === 'ready')).toBe(true);
    s.sample(485);
    expect(s.get(a!.pid).state).toBe('stopping');
    expect(s.target).toBe(1);
    expect(s.log).toContain('target 1: run-time fit');
    s.settle(60, 10);
    expect(s.workers.map((w) => w.pid)).toEqual([b!.pid]);
    // Room again: one more 60 MB worker keeps the dyno far under 80 %, for long enough.
    for (let i = 0; i < 40; i++) s.sample(120);
    expect(s.target).toBe(2);
    expect(
      s.log.filter((l) => l.startsWith('info: Run-time fit: cgroup usage 120 MB of the 512 MB limit')),
    ).toHaveLength(1);
    // Never above the dyno table's number.
    for (let i = 0; i < 100; i++) s.sample(120);
    expect(s.target).toBe(2);
  });

  it('leaves a user-chosen count alone whatever the memory does', () => {
    const s = new Sim({ sources: USER, workers: 2 });
    s.run();
    s.ready(s.workers[0]!.pid, 60, 10);
    s.settle(60, 10);
    for (let i = 0; i < 10; i++) s.sample(500);
    expect(s.target).toBe(2);
    expect(s.workers.filter((w) => w.state === 'stopping')).toEqual([]);
  });
});
