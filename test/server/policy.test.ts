// The master's policies, driven with event sequences through a model of the pool (the same
// mechanics lib/server/pool.ts has: a ready successor retires its predecessor, a worker that dies
// leaves the pool). Pure and fast: no process is started here; arbiter.test.ts and lifecycle.test.ts
// prove the same cases end to end.
import { describe, expect, it } from 'vitest';
import { initialTuneState } from '../../lib/autotune/state.ts';
import { MAX_BACKOFF_MS } from '../../lib/server/backoff.ts';
import { POLICIES } from '../../lib/server/policy/index.ts';
import type { Action, ExitFacts, Facts, PolicyEvent, WorkerFacts } from '../../lib/server/policy/types.ts';

const MB = 1024 * 1024;

class Sim {
  now = 1_000_000;
  pid = 100;
  f: Omit<Facts, 'now' | 'workers'> = {
    phase: 'booting',
    target: 1,
    settings: { timeout: 30, bootTimeout: 60, maxWorkerMemory: 0, preloadApp: false },
    pendingSpawns: 0,
    everReady: false,
    allReadyAnnounced: false,
    generation: 0,
    settledGeneration: 0,
    crash: { streak: 0, notBefore: 0 },
    memory: { masterRss: 50 * MB, limit: { mb: 512, source: 'test' } },
    said: {},
    // The autotuner stays quiet here (its own sequences: test/server/autotune-policy.test.ts).
    tune: {
      origin: { kind: 'user', detail: '--workers' },
      dyno: { limitMb: null, text: 'memory limit unknown (test)', tableWorkers: 4, cpus: 2 },
      usage: null,
      limits: { heapMb: null, heapReason: 'h', maxWorkerMemoryMb: 0, maxWorkerMemoryReason: 'm' },
      state: { ...initialTuneState(), bootFit: 'done', loggedLimits: 'h; m' },
    },
  };
  workers: WorkerFacts[] = [];
  log: Action[] = [];

  constructor(opts: Partial<Facts['settings']> & { target?: number } = {}) {
    this.f.target = opts.target ?? 1;
    Object.assign(this.f.settings, opts);
  }

  facts(): Facts {
    return { ...this.f, now: this.now, workers: this.workers.map((w) => ({ ...w })) };
  }

  get(pid: number): WorkerFacts {
    const w = this.workers.find((x) => x.pid === pid);
    if (!w) throw new Error(`no worker ${pid}`);
    return w;
  }

  /** Evaluate every policy as the arbiter does (fresh facts for each); returns the actions. */
  run(ev: PolicyEvent = { type: 'tick' }): Action[] {
    const all: Action[] = [];
    for (const p of POLICIES) {
      for (const a of p.decide(this.facts(), ev)) {
        all.push(a);
        this.apply(a);
      }
    }
    this.log.push(...all);
    return all;
  }

  private spawn(replaces: number | null): WorkerFacts {
    const w: WorkerFacts = {
      pid: ++this.pid,
      age: this.pid,
      generation: this.f.generation,
      state: 'booting',
      spawnedAt: this.now,
      readyAt: null,
      lastBeat: this.now,
      rss: 40 * MB,
      requests: 0,
      inFlight: 0,
      heapUsed: 0,
      heapLimitMb: null,
      retiring: null,
      replaces,
      aborting: false,
      stopDeadline: null,
    };
    this.workers.push(w);
    return w;
  }

  private stop(w: WorkerFacts): void {
    w.state = 'stopping';
    w.stopDeadline = this.now + 31_000;
  }

  private apply(a: Action): void {
    switch (a.do) {
      case 'spawn':
        this.spawn(null);
        return;
      case 'replace': {
        const w = this.get(a.pid);
        if (w.retiring || w.state !== 'ready') return;
        w.retiring = a.reason;
        this.spawn(w.pid);
        return;
      }
      case 'retire': {
        const w = this.get(a.pid);
        if (w.state === 'stopping') return;
        w.retiring ??= a.reason;
        this.stop(w);
        return;
      }
      case 'kill':
      case 'abort':
        this.get(a.pid).aborting = true;
        this.get(a.pid).stopDeadline = null;
        return;
      case 'set-target':
        this.f.target = a.workers;
        return;
      case 'backoff':
        this.f.crash = { streak: a.streak, notBefore: a.notBefore };
        return;
      case 'settle-reload':
        this.f.settledGeneration = this.f.generation;
        return;
      case 'say':
        if (a.key) this.f.said = { ...this.f.said, [a.key]: this.now };
        return;
      case 'tune':
        this.f.tune = { ...this.f.tune, state: a.state };
        return;
    }
  }

  ready(pid: number): Action[] {
    const w = this.get(pid);
    w.state = 'ready';
    w.readyAt = w.lastBeat = this.now;
    const old = w.replaces === null ? undefined : this.workers.find((x) => x.pid === w.replaces);
    w.replaces = null;
    if (old) this.stop(old);
    this.f.everReady = true;
    this.f.phase = 'running';
    const readyCount = this.workers.filter((x) => x.state === 'ready' && !x.retiring).length;
    if (readyCount >= this.f.target) this.f.allReadyAnnounced = true;
    return this.run({ type: 'ready', pid });
  }

  exit(pid: number, opts: { code?: number; signal?: NodeJS.Signals; served?: number } = {}): Action[] {
    const w = this.get(pid);
    this.workers = this.workers.filter((x) => x !== w);
    for (const o of this.workers) if (o.replaces === pid) o.replaces = null;
    const old = w.replaces === null ? undefined : this.workers.find((x) => x.pid === w.replaces);
    if (old && old.state === 'ready') old.retiring = null;
    const exit: ExitFacts = {
      pid,
      generation: w.generation,
      wasReady: w.readyAt !== null,
      expected: w.state === 'stopping' && !w.aborting,
      code: opts.code ?? (opts.signal ? null : 0),
      signal: opts.signal ?? null,
      livedMs: w.readyAt === null ? null : this.now - w.readyAt,
      served: opts.served ?? 0,
      how: opts.signal ? `was killed by signal ${opts.signal}` : `exited with code ${opts.code ?? 0}`,
    };
    return this.run({ type: 'exit', worker: exit });
  }

  hup(): Action[] {
    this.f.generation++;
    return this.run({ type: 'reload' });
  }

  /** Every booting worker gets ready and every stopping worker exits, until nothing moves. */
  settle(): void {
    for (let i = 0; i < 20; i++) {
      const booting = this.workers.find((w) => w.state === 'booting' && !w.aborting);
      const stopping = this.workers.find((w) => w.state === 'stopping');
      if (stopping) this.exit(stopping.pid);
      else if (booting) this.ready(booting.pid);
      else return;
    }
    throw new Error('the pool never settled');
  }

  advance(ms: number): Action[] {
    this.now += ms;
    for (const w of this.workers) if (w.state === 'ready' && !w.aborting) w.lastBeat = this.now;
    return this.run();
  }

  pids(): number[] {
    return this.workers.map((w) => w.pid);
  }
}

const spawns = (as: Action[]) => as.filter((a) => a.do === 'spawn').length;
const said = (as: Action[]) => as.flatMap((a) => (a.do === 'say' ? [a.text] : []));

describe('boot', () => {
  it('boots one canary first, then the rest once it has loaded the app', () => {
    const s = new Sim({ target: 3 });
    const first = s.run();
    expect(spawns(first)).toBe(1);
    expect(said(first)).toEqual([expect.stringMatching(/Booting one worker first/)]);
    expect(spawns(s.run())).toBe(0);
    expect(spawns(s.ready(s.pids()[0]!))).toBe(2);
  });
});

describe('crash loop with backoff', () => {
  it('replaces the first crash at once, then waits 0.25, 0.5, 1 s ... and a stable worker resets it', () => {
    const s = new Sim();
    s.run();
    s.ready(s.pids()[0]!);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const victim = s.pids()[0]!;
      const actions = s.exit(victim, { code: 7 });
      const backoff = actions.find((a) => a.do === 'backoff');
      if (backoff?.do !== 'backoff') throw new Error('no backoff decision');
      delays.push(backoff.notBefore - s.now);
      if (spawns(actions) === 0) {
        // Nothing forks before the delay has passed, then exactly one worker does.
        expect(spawns(s.advance(backoff.notBefore - s.now - 1))).toBe(0);
        expect(spawns(s.advance(1))).toBe(1);
      }
      s.ready(s.pids()[0]!);
    }
    expect(delays).toEqual([0, 250, 500, 1000, 2000]);
    expect(s.log.filter((a) => a.do === 'backoff').at(-1)).toMatchObject({
      reason: '5 worker failures in a row: next worker starts in 2.00 s',
    });
    // A worker that served 10 s or more before dying ends the streak.
    s.advance(10_000);
    const after = s.exit(s.pids()[0]!, { signal: 'SIGKILL' });
    expect(after.find((a) => a.do === 'backoff')).toMatchObject({ streak: 1, notBefore: s.now });
    expect(spawns(after)).toBe(1);
  });

  it('a worker that had served requests is replaced at once, whatever the streak (kill -9, OOM kill, a poison request)', () => {
    const s = new Sim({ target: 2 });
    s.run();
    s.settle();
    for (let i = 0; i < 6; i++) {
      const actions = s.exit(s.pids()[0]!, { signal: 'SIGKILL', served: 3 });
      expect(actions.find((a) => a.do === 'backoff')).toMatchObject({ streak: 1, notBefore: s.now });
      expect(spawns(actions)).toBe(1);
      s.settle();
    }
    // One that dies before answering anything extends the streak again.
    s.exit(s.pids()[0]!, { code: 1 });
    s.settle();
    const second = s.exit(s.pids()[0]!, { code: 1 });
    expect(second.find((a) => a.do === 'backoff')).toMatchObject({ streak: 3 });
    expect(spawns(second)).toBe(0);
  });

  it('never waits longer than the cap', () => {
    const s = new Sim();
    s.f.crash = { streak: 40, notBefore: 0 };
    s.run();
    const actions = s.exit(s.pids()[0]!, { code: 1 });
    expect(actions.find((a) => a.do === 'backoff')).toMatchObject({ notBefore: s.now + MAX_BACKOFF_MS });
  });
});

describe('a hung worker', () => {
  it('is aborted once after --timeout without a heartbeat; the slot is refilled when it dies', () => {
    const s = new Sim({ target: 2, timeout: 2 });
    s.run();
    s.settle();
    s.run();
    s.settle();
    const [hung, healthy] = s.pids() as [number, number];
    s.now += 1500;
    s.get(healthy).lastBeat = s.now;
    expect(s.run().filter((a) => a.do === 'abort')).toEqual([]);
    s.now += 600;
    s.get(healthy).lastBeat = s.now;
    const acts = s.run();
    expect(acts.filter((a) => a.do === 'abort')).toEqual([
      { do: 'abort', pid: hung, reason: 'no heartbeat for 2.1 s (--timeout 2)' },
    ]);
    // Under way: no second abort on the next tick, and no extra worker while it still exists.
    s.now += 250;
    s.get(healthy).lastBeat = s.now;
    expect(s.run()).toEqual([]);
    const afterKill = s.exit(hung, { signal: 'SIGKILL' });
    expect(spawns(afterKill)).toBe(1);
  });

  it('a worker that never gets ready is killed at --boot-timeout, loudly', () => {
    const s = new Sim({ bootTimeout: 5 });
    s.run();
    s.now += 5001;
    expect(s.run()).toEqual([
      {
        do: 'kill',
        pid: s.pids()[0],
        level: 'critical',
        reason: `WORKER BOOT TIMEOUT (pid:${s.pids()[0]}): the app did not get ready within 5 s`,
      },
    ]);
  });

  it('a stopping worker past its deadline is killed', () => {
    const s = new Sim({ target: 2 });
    s.run();
    s.settle();
    s.run();
    s.settle();
    s.run({ type: 'tick' });
    s.f.target = 1;
    const retired = s.run({ type: 'target-changed' }).find((a) => a.do === 'retire');
    expect(retired).toBeDefined();
    s.now += 31_001;
    expect(s.run().filter((a) => a.do === 'kill')).toHaveLength(1);
  });
});

describe('HUP while a worker is still booting (issue 15)', () => {
  it('replaces the ready worker successor first and stops the booting one: afterwards every worker is new', () => {
    const s = new Sim({ target: 2 });
    s.run();
    s.ready(s.pids()[0]!);
    const [ready, booting] = s.pids() as [number, number];
    expect(s.get(booting).state).toBe('booting');

    const onHup = s.hup();
    expect(said(onHup)).toContain('Reloading: replacing 2 worker(s) one at a time');
    expect(onHup).toContainEqual(expect.objectContaining({ do: 'retire', pid: booting }));
    expect(onHup).toContainEqual({ do: 'replace', pid: ready, reason: 'reload' });
    // The old ready worker serves until its successor is ready: capacity never drops.
    expect(s.get(ready).state).toBe('ready');

    s.settle();
    expect(s.log.filter((a) => a.do === 'settle-reload')).toEqual([
      { do: 'settle-reload', outcome: 'complete', reason: 'Reload complete' },
    ]);
    expect(s.workers).toHaveLength(2);
    for (const w of s.workers) {
      expect(w.generation).toBe(1);
      expect(w.state).toBe('ready');
      expect(w.retiring).toBeNull();
    }
  });

  it('also a successor that was booting for max-requests when the HUP came', () => {
    const s = new Sim({ target: 1 });
    s.run();
    s.settle();
    const [old] = s.pids() as [number];
    s.run();
    // max-requests: the worker asked to be replaced and its successor is booting.
    const w = s.get(old);
    w.retiring = 'max-requests (20)';
    s.workers.push({
      ...w,
      pid: 999,
      age: 999,
      state: 'booting',
      readyAt: null,
      retiring: null,
      replaces: old,
    });
    s.hup();
    s.settle();
    expect(s.workers.map((x) => [x.generation, x.state])).toEqual([[1, 'ready']]);
  });

  it('a new version that dies before it is ready abandons the reload; the old worker keeps serving', () => {
    const s = new Sim({ target: 1 });
    s.run();
    s.settle();
    const [old] = s.pids() as [number];
    s.hup();
    const successor = s.pids()[1]!;
    const acts = s.exit(successor, { code: 3 });
    expect(acts).toContainEqual(expect.objectContaining({ do: 'settle-reload', outcome: 'abandoned' }));
    expect(s.get(old)).toMatchObject({ state: 'ready', retiring: null });
    // And nothing tries to replace it again until the next HUP.
    expect(s.run().filter((a) => a.do === 'replace')).toEqual([]);
  });
});

describe('memory over the limit', () => {
  it('--max-worker-memory: a warning and one replacement, successor first', () => {
    const s = new Sim({ target: 2, maxWorkerMemory: 100 });
    s.run();
    s.settle();
    s.run();
    s.settle();
    const [fat] = s.pids() as [number];
    s.get(fat).rss = 150 * MB;
    const acts = s.run({ type: 'heartbeat', pid: fat });
    expect(said(acts)).toContain(`Worker ${fat} uses 150 MB RSS, above --max-worker-memory 100 MB`);
    expect(acts).toContainEqual({ do: 'replace', pid: fat, reason: 'max-worker-memory' });
    expect(s.run({ type: 'heartbeat', pid: fat }).filter((a) => a.do === 'replace')).toEqual([]);
    s.settle();
    expect(s.pids()).not.toContain(fat);
    expect(s.workers).toHaveLength(2);
  });

  it('reports once, warns near the dyno limit at most once a minute', () => {
    const s = new Sim({ target: 2 });
    s.run();
    s.settle();
    s.run();
    s.run();
    expect(said(s.log).filter((t) => t.startsWith('Memory: master 50 MB'))).toHaveLength(1);
    expect(said(s.run())).toEqual([]);
    for (const w of s.workers) w.rss = 220 * MB;
    expect(said(s.advance(0))).toEqual([expect.stringMatching(/use 490 MB RSS of the 512 MB limit/)]);
    expect(said(s.advance(59_000))).toEqual([]);
    expect(said(s.advance(1_000))).toHaveLength(1);
  });
});

describe('TTOU during a reload', () => {
  it('ends with one worker fewer, all of the new generation, none left half-retired', () => {
    const s = new Sim({ target: 2 });
    s.run();
    s.settle();
    s.run();
    s.settle();
    const [a, b] = s.pids() as [number, number];
    s.hup();
    expect(s.get(a).retiring).toBe('reload');
    s.f.target = 1;
    const acts = s.run({ type: 'target-changed' });
    // The old worker not yet being replaced goes; the replacement under way carries on.
    expect(acts).toContainEqual({ do: 'retire', pid: b, reason: 'more workers than wanted' });
    s.settle();
    expect(s.workers).toHaveLength(1);
    expect(s.workers[0]).toMatchObject({ generation: 1, state: 'ready', retiring: null });
    expect(s.log).toContainEqual({ do: 'settle-reload', outcome: 'complete', reason: 'Reload complete' });
  });

  it('when only new workers are left, dropping a booting successor drops its predecessor too', () => {
    const s = new Sim({ target: 2 });
    s.run();
    s.settle();
    s.run();
    s.settle();
    const [a, b] = s.pids() as [number, number];
    s.hup();
    s.ready(s.workers.find((w) => w.replaces === a)!.pid); // a's successor is ready
    s.exit(a); // a has drained; b's replacement starts
    expect(s.get(b).retiring).toBe('reload');
    const successor = s.workers.find((w) => w.replaces === b)!.pid;
    s.f.target = 1;
    const acts = s.run({ type: 'target-changed' });
    expect(acts).toContainEqual({ do: 'retire', pid: successor, reason: 'more workers than wanted' });
    expect(acts).toContainEqual({ do: 'retire', pid: b, reason: 'more workers than wanted' });
    s.settle();
    expect(s.pids()).not.toContain(a);
    expect(s.workers).toHaveLength(1);
    expect(s.workers[0]!.generation).toBe(1);
  });
});
