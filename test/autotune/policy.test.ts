// The autotuner's sizing policy as pure functions: dyno facts (fixture trees and hand-made ones)
// and RSS sequences in, decisions and their log lines out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootFit, dynoMemory } from '../../lib/autotune/boot-fit.ts';
import { type CountOrigin, countOrigin } from '../../lib/autotune/origin.ts';
import {
  GROW_COOLDOWN_MS,
  initialRunFit,
  MAX_GROWS_PER_WINDOW,
  type RunAction,
  type RunFitState,
  type RunSample,
  runFit,
} from '../../lib/autotune/run-fit.ts';
import {
  DEFAULT_NON_HEAP_MB,
  fairShareMb,
  heapLimitMb,
  splitNodeOptions,
  userHeapSetting,
  workerLimits,
} from '../../lib/autotune/share.ts';
import { type DynoFacts, decide } from '../../lib/concurrency/decide.ts';
import { readFacts } from '../../lib/concurrency/facts.ts';
import { ROOT } from '../helpers/proc.ts';

const MB = 1048576;
const fixture = (name: string) => readFacts(join(ROOT, 'fixtures/cgroups', name), {});
const facts = (over: Partial<DynoFacts>): DynoFacts => ({
  cgroup: 'v1',
  memoryRaw: String(512 * MB),
  memTotalKb: 64 * 1024 * 1024,
  affinityCpus: 8,
  cpuQuotaRaw: null,
  env: {},
  ...over,
});
const PLATFORM: CountOrigin = { kind: 'platform', detail: 'WEB_CONCURRENCY=2 from tsicorn' };
const NONE: CountOrigin = { kind: 'none', detail: 'no -w and no WEB_CONCURRENCY' };
const USER: CountOrigin = { kind: 'user', detail: '--workers' };

describe('where the count came from', () => {
  const f = (env: DynoFacts['env']) => facts({ cgroup: 'v2', memoryRaw: String(1024 * MB), env });
  it('tells the user, a platform default, the Fir default and no choice apart', () => {
    expect(countOrigin({ kind: 'cli', detail: '--workers' }, f({})).kind).toBe('user');
    expect(countOrigin({ kind: 'config-file', detail: 'tsicorn.config.mjs (workers)' }, f({})).kind).toBe(
      'user',
    );
    expect(countOrigin({ kind: 'default', detail: 'default' }, f({})).kind).toBe('none');
    const env = { WEB_CONCURRENCY: '4', WEB_CONCURRENCY_SET_BY: 'tsicorn' };
    expect(countOrigin({ kind: 'env', detail: 'WEB_CONCURRENCY=4' }, f(env))).toEqual({
      kind: 'platform',
      detail: 'WEB_CONCURRENCY=4 from tsicorn',
    });
    const fir = { WEB_CONCURRENCY: '2', WEB_MEMORY: '512' };
    expect(countOrigin({ kind: 'env', detail: 'WEB_CONCURRENCY=2' }, f(fir)).detail).toBe(
      "WEB_CONCURRENCY=2 from heroku/nodejs's exec.d",
    );
    expect(countOrigin({ kind: 'env', detail: 'WEB_CONCURRENCY=3' }, f({ WEB_CONCURRENCY: '3' })).kind).toBe(
      'user',
    );
  });
});

describe('boot-time fit over dyno facts', () => {
  const fitIn = (
    f: DynoFacts,
    origin: CountOrigin,
    requested: number,
    workerRssMb: number,
    masterRssMb = 50,
  ) => bootFit({ origin, requested, dyno: dynoMemory(f), masterRssMb, workerRssMb });

  it('a 245 MB worker in 512 MB with a platform default of 2 gives 1, with the numbers and the rule', () => {
    const r = fitIn(fixture('standard-1x-v1'), PLATFORM, 2, 245);
    expect(r.workers).toBe(1);
    expect(r.warning).toBeNull();
    expect(r.log).toBe(
      'Boot-time fit: 1 worker (WEB_CONCURRENCY=2 from tsicorn, was 2): the first worker uses 245 MB RSS and the master 50 MB; ' +
        '90 % of the 512 MB limit (cgroup v1) = 461 MB holds floor((461 - 50) / 245) = 1',
    );
  });
  it('small workers stop at the dyno table, never more', () => {
    expect(fitIn(fixture('standard-1x-v2'), PLATFORM, 2, 50)).toMatchObject({ workers: 2 });
    expect(fitIn(fixture('standard-1x-v2'), PLATFORM, 2, 50).log).toMatch(/capped at the dyno table's 2$/);
    expect(fitIn(fixture('performance-l-v2'), NONE, 1, 60).workers).toBe(17);
    expect(fitIn(fixture('performance-m-v1'), PLATFORM, 5, 400).workers).toBe(5);
    expect(fitIn(fixture('performance-m-v1'), PLATFORM, 5, 500).workers).toBe(4);
  });
  it('a worker bigger than the whole budget still gets 1', () => {
    const r = fitIn(fixture('standard-1x-v1'), NONE, 1, 900);
    expect(r.workers).toBe(1);
    expect(r.log).toMatch(/= 0, at least 1$/);
  });
  it('CPU quotas lower the ceiling (the table counts quota CPUs)', () => {
    const quota = facts({ memoryRaw: String(14336 * MB), cpuQuotaRaw: '150000 100000' });
    expect(dynoMemory(quota)).toMatchObject({ limitMb: 14336, tableWorkers: 5, cpus: 2 });
    expect(fitIn(quota, NONE, 1, 60).workers).toBe(5);
    expect(dynoMemory(fixture('quota-v2')).tableWorkers).toBe(Number(readExpected('quota-v2')));
  });
  it('OMP_NUM_THREADS lowers the CPUs and the ceiling alike, as nproc and the .profile.d script count it', () => {
    const env = { OMP_NUM_THREADS: '2', WEB_CONCURRENCY: '9', DYNO: 'web.1' };
    const omp = { ...fixture('performance-l-v2'), env };
    const d = dynoMemory(omp);
    expect(d.cpus).toBe(2);
    // What the script would set here (nobody's WEB_CONCURRENCY), not the table for 8 CPUs (17).
    expect(d.tableWorkers).toBe(decide({ ...omp, env: { OMP_NUM_THREADS: '2' } }).workers);
    expect(d.tableWorkers).toBeLessThan(dynoMemory(fixture('performance-l-v2')).tableWorkers);
  });
  it('unknown memory (v2 max, v1 2^63, no cgroup) keeps the count and says why', () => {
    for (const name of ['nolimit-v2', 'nolimit-v1', 'nocgroup']) {
      const r = fitIn(fixture(name), PLATFORM, 3, 245);
      expect(r.workers).toBe(3);
      expect(r.log).toMatch(
        /^Boot-time fit: keeping 3 workers \(.*\): memory limit unknown \(.+\), nothing to fit$/,
      );
    }
    expect(dynoMemory(facts({ cgroup: 'v2', memoryRaw: 'max' })).limitMb).toBeNull();
  });
  it('a user-chosen count is obeyed, with one warning when it cannot fit', () => {
    const ok = fitIn(fixture('standard-1x-v1'), USER, 2, 100);
    expect(ok).toMatchObject({ workers: 2, warning: null });
    const over = fitIn(fixture('standard-1x-v1'), USER, 4, 245);
    expect(over.workers).toBe(4);
    expect(over.warning).toBe(
      'Memory: 4 workers (--workers) of about 245 MB each plus the master need about 1030 MB, more than 90 % of the ' +
        '512 MB limit (cgroup v1) (461 MB): expect swapping (R14) or an out-of-memory kill (R15). 1 worker fit. ' +
        'Lower the count, or drop it and let tsicorn size the dyno.',
    );
  });
});

function readExpected(name: string): string {
  return readFileSync(join(ROOT, 'fixtures/cgroups', name, 'expected'), 'utf8').trim();
}

/** Drive runFit with a sequence of samples, applying its actions to the worker list. */
type Step = { usageMb: number | null; rss?: number[]; settling?: boolean };
function drive(
  steps: Array<Step | ((workers: number) => Step)>,
  opts: {
    limitMb?: number | null;
    workers?: number;
    ceiling?: number;
    origin?: CountOrigin;
    stepMs?: number;
  } = {},
) {
  let state: RunFitState = initialRunFit();
  let pids = Array.from({ length: opts.workers ?? 2 }, (_, i) => 100 + i);
  let nextPid = 200;
  const actions: Array<RunAction & { at: number }> = [];
  const counts: number[] = [];
  steps.forEach((given, i) => {
    const step = typeof given === 'function' ? given(pids.length) : given;
    const now = i * (opts.stepMs ?? 2000);
    const sample: RunSample = {
      now,
      limitMb: opts.limitMb === undefined ? 512 : opts.limitMb,
      usageMb: step.usageMb,
      masterRssMb: 50,
      workers: pids.map((pid, j) => ({ pid, rssMb: step.rss?.[j] ?? 100 })),
      settling: step.settling ?? false,
    };
    const r = runFit(state, sample, { ceiling: opts.ceiling ?? 2, origin: opts.origin ?? PLATFORM });
    state = r.state;
    if (r.action.kind !== 'none') actions.push({ ...r.action, at: i });
    if (r.action.kind === 'retire') pids = pids.filter((p) => p !== (r.action as { pid: number }).pid);
    if (r.action.kind === 'grow') pids = [...pids, nextPid++];
    counts.push(pids.length);
  });
  return { actions, counts };
}

const repeat = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

describe('run-time fit over RSS sequences', () => {
  it('a leak: retires the largest worker once the dyno stays above 90 %, then never goes below 1', () => {
    const steps = Array.from({ length: 40 }, (_, i) => {
      const leaker = 100 + i * 12;
      return { usageMb: 50 + leaker + 100, rss: [leaker, 100] };
    });
    const { actions, counts } = drive(steps, { workers: 2 });
    const retire = actions.find((a) => a.kind === 'retire')!;
    expect(retire).toMatchObject({ kind: 'retire', pid: 100 });
    expect(retire.reason).toMatch(
      /^Run-time fit: cgroup usage \d+ MB is 9\d % of the 512 MB limit, above 90 % for 2 checks; retiring the largest worker 100 \(\d+ MB RSS\): 2 -> 1 workers$/,
    );
    expect(Math.min(...counts)).toBe(1);
    expect(actions.filter((a) => a.kind === 'retire')).toHaveLength(1);
  });
  it('at 1 worker above the limit: one note, no retire', () => {
    const { actions, counts } = drive(repeat(10, { usageMb: 500, rss: [440] }), { workers: 1 });
    expect(counts.every((c) => c === 1)).toBe(true);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ kind: 'note' });
    expect((actions[0] as { reason: string }).reason).toMatch(/with 1 worker left; not retiring below 1$/);
  });
  it('a one-check spike changes nothing', () => {
    const steps = [...repeat(5, { usageMb: 300 }), { usageMb: 505 }, ...repeat(5, { usageMb: 300 })];
    expect(drive(steps).actions).toEqual([]);
  });
  it('noise around the threshold does not flap: at most one retire, no grow back', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // Three workers of about 130 MB and a 50 MB master sit at 86-94 % of 512 MB (20 minutes of checks);
    // with one worker fewer the dyno drops to about 61 %, and one more would bring it back near 90 %.
    const steps = Array.from({ length: 600 }, () => (n: number) => {
      const rss = Array.from({ length: n }, () => 126 + rand() * 21);
      return { usageMb: 50 + rss.reduce((a, b) => a + b, 0), rss };
    });
    const { actions } = drive(steps, { workers: 3, ceiling: 3 });
    expect(actions.filter((a) => a.kind === 'retire').length).toBe(1);
    expect(actions.filter((a) => a.kind === 'grow')).toEqual([]);
  });
  it('grows back toward the ceiling when room returns, after the cooldown, one at a time', () => {
    const high = repeat(3, { usageMb: 480, rss: [200, 200] });
    const low = repeat(60, { usageMb: 150, rss: [60, 60, 60] });
    const { actions, counts } = drive([...high, ...low], { workers: 2, ceiling: 2 });
    expect(actions.map((a) => a.kind)).toEqual(['retire', 'grow']);
    const [retire, grow] = actions as Array<RunAction & { at: number }>;
    expect((grow!.at - retire!.at) * 2000).toBeGreaterThanOrEqual(GROW_COOLDOWN_MS);
    expect((grow as { reason: string }).reason).toMatch(/1 -> 2 workers \(target 2\)$/);
    expect(counts.at(-1)).toBe(2);
  });
  it('bounds grows per window when memory keeps swinging', () => {
    // Alternating long high and low phases: each phase is long enough to act on.
    const phase = (usageMb: number, n: number) => repeat(n, { usageMb });
    const steps = [];
    for (let i = 0; i < 8; i++) steps.push(...phase(490, 3), ...phase(100, 35));
    const { actions } = drive(steps, { workers: 4, ceiling: 4, stepMs: 2000 });
    const grows = actions.filter((a) => a.kind === 'grow');
    const windowSteps = (10 * 60_000) / 2000;
    for (const g of grows) {
      const inWindow = grows.filter((o) => o.at <= g.at && g.at - o.at < windowSteps);
      expect(inWindow.length).toBeLessThanOrEqual(MAX_GROWS_PER_WINDOW);
    }
    expect(actions.some((a) => a.kind === 'note')).toBe(true);
  });
  it('waits while a worker boots or stops', () => {
    const steps = repeat(6, { usageMb: 500, settling: true });
    expect(drive(steps).actions).toEqual([]);
  });
  it('without cgroup usage, judges by master + worker RSS', () => {
    const { actions } = drive(repeat(3, { usageMb: null, rss: [250, 220] }));
    expect(actions[0]).toMatchObject({ kind: 'retire', pid: 100 });
    expect((actions[0] as { reason: string }).reason).toMatch(/^Run-time fit: master \+ worker RSS 520 MB/);
  });
  it('unknown memory and user-chosen counts: never acts', () => {
    expect(drive(repeat(20, { usageMb: 900 }), { limitMb: null }).actions).toEqual([]);
    expect(drive(repeat(20, { usageMb: 500 }), { origin: USER }).actions).toEqual([]);
    expect(drive(repeat(60, { usageMb: 100 }), { origin: USER, workers: 1, ceiling: 4 }).actions).toEqual([]);
  });
});

describe('heap limit and default --max-worker-memory', () => {
  it('splits the limit: fair share of 90 % for RSS, share of the whole limit minus non-heap for the heap', () => {
    expect(fairShareMb(512, 50, 2)).toBe(205);
    expect(heapLimitMb(512, 50, 2, 40)).toEqual({
      mb: 191,
      formula: '(512 MB limit - 50 MB master) / 2 workers - 40 MB non-heap = 191 MB',
    });
    expect(heapLimitMb(512, 50, 8, 48).mb).toBe(64);
    expect(heapLimitMb(512, 50, 8, 48).formula).toMatch(/= 9 MB, raised to the 64 MB minimum$/);
  });
  it('recomputes when the count changes', () => {
    const at = (workers: number) =>
      workerLimits({
        limitMb: 512,
        masterMb: 50,
        workers,
        nonHeapMb: 40,
        userHeap: null,
        userMaxWorkerMemory: null,
      });
    expect(at(1)).toMatchObject({ heapMb: 422, maxWorkerMemoryMb: 410 });
    expect(at(2)).toMatchObject({ heapMb: 191, maxWorkerMemoryMb: 205 });
    expect(at(2).heapReason).toBe(
      'V8 heap limit 191 MB per worker: (512 MB limit - 50 MB master) / 2 workers - 40 MB non-heap = 191 MB',
    );
  });
  it('keeps what the user set, and does nothing without a known limit', () => {
    const base = { limitMb: 512, masterMb: 50, workers: 2, nonHeapMb: null };
    const user = workerLimits({
      ...base,
      userHeap: '--max-old-space-size=300 in NODE_OPTIONS',
      userMaxWorkerMemory: 0,
    });
    expect(user).toMatchObject({ heapMb: null, maxWorkerMemoryMb: 0 });
    expect(user.heapReason).toBe('heap size set by the user (--max-old-space-size=300 in NODE_OPTIONS)');
    const unknown = workerLimits({ ...base, limitMb: null, userHeap: null, userMaxWorkerMemory: null });
    expect(unknown).toMatchObject({ heapMb: null, maxWorkerMemoryMb: 0 });
    const dflt = workerLimits({ ...base, userHeap: null, userMaxWorkerMemory: null });
    expect(dflt.heapMb).toBe(Math.floor(462 / 2 - DEFAULT_NON_HEAP_MB));
    expect(dflt.heapReason).toMatch(/\(non-heap not measured yet: default\)$/);
  });
  it("finds a user's heap size in NODE_OPTIONS, --node-args or the node command line", () => {
    expect(splitNodeOptions('--require "./a b.js"  --max-old-space-size=300')).toEqual([
      '--require',
      './a b.js',
      '--max-old-space-size=300',
    ]);
    expect(userHeapSetting({ nodeOptions: '--max_old_space_size=300' })).toBe(
      '--max_old_space_size=300 in NODE_OPTIONS',
    );
    expect(userHeapSetting({ nodeArgs: ['--max-heap-size=200'] })).toBe('--max-heap-size=200 in --node-args');
    expect(userHeapSetting({ masterExecArgv: ['--max-old-space-size=99'] })).toBe(
      '--max-old-space-size=99 on the node command line',
    );
    expect(userHeapSetting({ nodeOptions: '--max-semi-space-size=8 --enable-source-maps' })).toBeNull();
  });
});
