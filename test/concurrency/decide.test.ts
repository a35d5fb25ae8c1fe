import { describe, expect, it } from 'vitest';
import {
  cpusFrom,
  type DynoFacts,
  decide,
  nprocFrom,
  parseMemory,
  parseQuota,
} from '../../lib/concurrency/decide.ts';
import { DYNO_SIZES, findDyno, workersFor } from '../../lib/concurrency/dynos.ts';

const MB = 1048576;

function facts(over: Partial<DynoFacts> = {}, env: DynoFacts['env'] = {}): DynoFacts {
  return {
    cgroup: 'v1',
    memoryRaw: String(1024 * MB),
    memTotalKb: 256 * 1024 * 1024,
    affinityCpus: 8,
    cpuQuotaRaw: null,
    env: { DYNO: 'web.1', ...env },
    ...over,
  };
}

describe('the dyno table', () => {
  it.each(DYNO_SIZES.map((d) => [d.name, d] as const))('%s follows the rule', (_n, d) => {
    expect(workersFor(d.memoryMb, d.nproc)).toBe(d.expected);
    for (const cgroup of ['v1', 'v2'] as const) {
      const dec = decide(facts({ cgroup, memoryRaw: String(d.memoryMb * MB), affinityCpus: d.nproc }));
      expect(dec.workers).toBe(d.expected);
      expect(dec.exports).toEqual({
        WEB_CONCURRENCY: String(d.expected),
        WEB_CONCURRENCY_SET_BY: 'tsicorn',
        DYNO_RAM: String(d.memoryMb),
      });
    }
  });
  it('finds sizes by name and alias', () => {
    expect(findDyno('Shield-M')?.name).toBe('private-m');
    expect(findDyno('eco')?.memoryMb).toBe(512);
    expect(findDyno('nope')).toBeUndefined();
  });
});

describe('memory', () => {
  it('treats v2 max, v1 ~2^63, garbage, missing and above-MemTotal as unknown', () => {
    expect(parseMemory('v2', 'max', null)).toEqual({ known: false, why: 'no limit' });
    expect(parseMemory('v1', '9223372036854771712', null)).toEqual({ known: false, why: 'no limit' });
    expect(parseMemory('v1', 'banana', null)).toEqual({
      known: false,
      why: 'invalid value in memory.limit_in_bytes',
    });
    expect(parseMemory('v2', null, null)).toEqual({ known: false, why: 'cannot read memory.max' });
    expect(parseMemory('v2', String(2048 * MB), 1024 * 1024)).toEqual({
      known: false,
      why: 'limit 2048 MB above MemTotal 1024 MB',
    });
    expect(parseMemory('v1', String(512 * MB + 5), null)).toEqual({ known: true, mb: 512 });
  });
  it('sizes unknown memory from CPUs, capped by MemTotal / 256', () => {
    expect(decide(facts({ memoryRaw: 'max', cgroup: 'v2', affinityCpus: 2 })).workers).toBe(5);
    expect(decide(facts({ memoryRaw: 'max', cgroup: 'v2', memTotalKb: 512 * 1024 })).workers).toBe(2);
    expect(decide(facts({ memoryRaw: null, memTotalKb: null, affinityCpus: 3 })).workers).toBe(7);
    const d = decide(facts({ memoryRaw: 'max', cgroup: 'v2', affinityCpus: 2 }));
    expect(d.exports.DYNO_RAM).toBeUndefined();
    expect(d.logLine).toContain('memory unknown (no limit)');
  });
});

describe('CPUs', () => {
  it('follows nproc with OMP_NUM_THREADS and OMP_THREAD_LIMIT', () => {
    expect(nprocFrom(2, {})).toBe(2);
    expect(nprocFrom(2, { OMP_NUM_THREADS: '6,2' })).toBe(6);
    expect(nprocFrom(8, { OMP_THREAD_LIMIT: '3' })).toBe(3);
    expect(nprocFrom(0, { OMP_NUM_THREADS: 'x' })).toBe(1);
  });
  it('lowers CPUs by a quota, rounded up', () => {
    expect(parseQuota('max 100000')).toBeNull();
    expect(parseQuota('-1 100000')).toBeNull();
    expect(parseQuota('150000 100000')).toBe(2);
    expect(cpusFrom(facts({ cpuQuotaRaw: '150000 100000' }))).toEqual({ count: 2, nproc: 8, quota: 2 });
    expect(cpusFrom(facts({ cpuQuotaRaw: '1600000 100000' }))).toEqual({ count: 8, nproc: 8, quota: null });
  });
});

describe('WEB_CONCURRENCY already set', () => {
  it("keeps the user's value and says so", () => {
    const d = decide(facts({}, { WEB_CONCURRENCY: '3' }));
    expect(d.action).toBe('keep');
    expect(d.exports).toEqual({});
    expect(d.logLine).toBe(
      'tsicorn: keeping WEB_CONCURRENCY=3 set by the user (memory 1024 MB, 8 CPUs, cgroup v1 would give 4)',
    );
  });
  it('treats an empty value as unset', () => {
    expect(decide(facts({}, { WEB_CONCURRENCY: '' })).action).toBe('set');
  });
  it("replaces another buildpack's default", () => {
    const d = decide(facts({}, { WEB_CONCURRENCY: '2', WEB_CONCURRENCY_SET_BY: 'heroku/nodejs' }));
    expect(d.action).toBe('replace');
    expect(d.exports.WEB_CONCURRENCY).toBe('4');
    expect(d.logLine).toContain('replacing 2 from heroku/nodejs');
  });
});

describe("heroku/nodejs's Fir exec.d default (no WEB_CONCURRENCY_SET_BY)", () => {
  const fir = (env: DynoFacts['env']) => decide(facts({ cgroup: 'v2' }, env));
  it('is recognised by its rule (memory / WEB_MEMORY) and replaced', () => {
    const d = fir({ WEB_CONCURRENCY: '2', WEB_MEMORY: '512' });
    expect(d.action).toBe('replace');
    expect(d.exports.WEB_CONCURRENCY).toBe('4');
    expect(d.logLine).toBe(
      "tsicorn: WEB_CONCURRENCY=4, replacing 2 that heroku/nodejs's exec.d computed (1024 MB / WEB_MEMORY 512) " +
        '(memory 1024 MB, 8 CPUs, cgroup v2: min(max(1, 1024/256), 2*8+1) = 4)',
    );
    expect(fir({ WEB_CONCURRENCY: '4', WEB_MEMORY: '256' }).action).toBe('replace');
    expect(fir({ WEB_CONCURRENCY: '1', WEB_MEMORY: '4096' }).action).toBe('replace');
  });
  it('a value off the rule, or with the classic script (MEMORY_AVAILABLE) or a non-decimal WEB_MEMORY, is kept', () => {
    expect(fir({ WEB_CONCURRENCY: '3', WEB_MEMORY: '512' }).action).toBe('keep');
    expect(fir({ WEB_CONCURRENCY: '02', WEB_MEMORY: '512' }).action).toBe('keep');
    expect(fir({ WEB_CONCURRENCY: '2', WEB_MEMORY: '512', MEMORY_AVAILABLE: '1024' }).action).toBe('keep');
    expect(fir({ WEB_CONCURRENCY: '2', WEB_MEMORY: '0512' }).action).toBe('keep');
    expect(fir({ WEB_CONCURRENCY: '1', WEB_MEMORY: '0' }).action).toBe('keep');
    expect(fir({ WEB_CONCURRENCY: '2' }).action).toBe('keep');
  });
  it('reads memory as that program does: v2 max means 512 MB, so 1 is its default there', () => {
    expect(
      decide(facts({ cgroup: 'v2', memoryRaw: 'max' }, { WEB_CONCURRENCY: '1', WEB_MEMORY: '512' })).action,
    ).toBe('replace');
  });
});

describe('logging', () => {
  it('logs one line on web dynos only', () => {
    expect(decide(facts()).logLine).toBe(
      'tsicorn: WEB_CONCURRENCY=4 (memory 1024 MB, 8 CPUs, cgroup v1: min(max(1, 1024/256), 2*8+1) = 4)',
    );
    expect(decide(facts({}, { DYNO: 'worker.1' })).logLine).toBeNull();
    expect(decide(facts({}, { DYNO: 'run.1234' })).logLine).toBeNull();
    expect(decide({ ...facts(), env: {} }).logLine).toBeNull();
  });
});
