// What workers cost and memory pressure: pure report functions, then a real master reading a
// dyno's limit from a real memory cgroup (root) or a cgroup fixture tree while a worker grows.
// The once-a-minute limit on the warning is in policy.test.ts, with the clock injected.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { memoryPressure, memoryReport } from '../../lib/server/memory.ts';
import { cgroupSupport, createCgroup, insideCgroup } from '../../scripts/dyno/cgroup.ts';
import { childPids, eventually, freePort, type Proc, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';

const MB = 1024 * 1024;

describe('memory report (pure)', () => {
  it('gives the median worker cost and the room left under a known limit', () => {
    const line = memoryReport(
      { masterRss: 40 * MB, workerRss: [50 * MB, 60 * MB, 52 * MB] },
      { mb: 1024, source: 'cgroup v2' },
    );
    expect(line).toBe(
      'Memory: master 40 MB RSS, workers 52 MB each (median of 3, max 60); limit 1024 MB (cgroup v2): ' +
        '202 MB in use, room for about 18 workers of this size',
    );
  });

  it('says why the limit is unknown', () => {
    expect(
      memoryReport({ masterRss: 40 * MB, workerRss: [50 * MB] }, { mb: null, source: 'no memory cgroup' }),
    ).toMatch(/dyno memory limit unknown \(no memory cgroup\)$/);
  });

  it('warns only above 90 % of the limit', () => {
    const limit = { mb: 512, source: 'cgroup v1' };
    expect(memoryPressure({ masterRss: 50 * MB, workerRss: [200 * MB, 200 * MB] }, limit)).toBeNull();
    expect(memoryPressure({ masterRss: 50 * MB, workerRss: [200 * MB, 220 * MB] }, limit)).toMatch(
      /use 470 MB RSS of the 512 MB limit \(92 %\).*Largest worker: 220 MB/,
    );
    expect(
      memoryPressure({ masterRss: 50 * MB, workerRss: [900 * MB] }, { mb: null, source: 'x' }),
    ).toBeNull();
  });
});

// As root the master runs inside a real memory cgroup of a dyno's size (entered as a dyno sees it:
// scripts/dyno/cgroup.ts); without root, the standard-1x fixture tree stands in for it.
const support = cgroupSupport();
if (support.version === null)
  console.warn(`test/server/memory: real-cgroup case skipped (${support.why}); the fixture-tree case runs`);
const LIMIT_MB = 512;

/** The master's one-time report against a 512 MB limit, then the warning once the worker grows past 90 %. */
async function reportThenWarning(p: Proc, port: number): Promise<string> {
  const report = await p.waitFor(
    /Memory: master \d+ MB RSS, workers \d+ MB each \(median of 1, max \d+\); limit 512 MB \(cgroup (v1|v2)\): (\d+) MB in use/,
  );
  expect(p.output()).not.toMatch(/\[WARNING\] Memory/);
  // Grow the worker to about 95 % of the limit: past the warning, short of the limit itself.
  const growMb = Math.ceil(0.95 * LIMIT_MB - Number(report[2]));
  expect((await request(`http://127.0.0.1:${port}/grow?mb=${growMb}`)).status).toBe(200);
  await p.waitFor(
    /\[WARNING\] Memory: master and workers use \d+ MB RSS of the 512 MB limit \(9\d %\)/,
    10_000,
  );
  return report[1]!;
}

// --max-worker-memory 0 in both: by default the autotuner replaces a worker past its fair share of
// the limit (test/server/autotune.test.ts), which would come before this warning.
describe('memory watch in a real master', () => {
  it.runIf(support.version !== null)(
    `as root, in a real ${LIMIT_MB} MB memory cgroup: reports what workers cost against its limit, warns past 90 %`,
    async () => {
      const cg = createCgroup(LIMIT_MB);
      try {
        const port = await freePort();
        const cpus = `0-${availableParallelism() - 1}`;
        const p = spawnTsicorn(['app', '-w', '1', '--max-worker-memory', '0', '-b', `127.0.0.1:${port}`], {
          cwd: `${ROOT}fixtures/apps/memory-hog`,
          env: { TSICORN_CGROUP_ROOT: undefined },
          wrap: (argv) => insideCgroup(cg, cpus, argv),
        });
        expect(await reportThenWarning(p, port)).toBe(cg.version);
        // The processes really are in that cgroup.
        const members = readFileSync(`${cg.path}/cgroup.procs`, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(Number);
        expect(members).toEqual(expect.arrayContaining([p.pid, ...childPids(p.pid)]));
      } finally {
        cg.remove();
      }
    },
  );

  it.skipIf(support.version !== null)(
    'without root, on the standard-1x fixture tree (512 MB, cgroup v1): reports what workers cost, warns past 90 %',
    async () => {
      const port = await freePort();
      const p = spawnTsicorn(['app', '-w', '1', '--max-worker-memory', '0', '-b', `127.0.0.1:${port}`], {
        cwd: `${ROOT}fixtures/apps/memory-hog`,
        env: { TSICORN_CGROUP_ROOT: `${ROOT}fixtures/cgroups/standard-1x-v1` },
      });
      expect(await reportThenWarning(p, port)).toBe('v1');
    },
  );
});

// The kernel's OOM killer ends a worker with SIGKILL, which alone reads like someone's kill -9. The
// cgroup counts OOM kills (oom_kill in memory.oom_control / memory.events): the master reads that
// count and says what happened, and counts the restart under `memory`.
describe('a worker killed by the kernel OOM killer', () => {
  it.runIf(support.version !== null)(
    'as root, in a real 300 MB memory cgroup: the exit is named an OOM kill, counted as a memory restart, and the worker replaced',
    async () => {
      const cg = createCgroup(300);
      try {
        const [port, metricsPort] = [await freePort(), await freePort()];
        const cpus = `0-${availableParallelism() - 1}`;
        const p = spawnTsicorn(
          [
            'app',
            '-w',
            '1',
            '--max-worker-memory',
            '0',
            '-b',
            `127.0.0.1:${port}`,
            '--metrics-bind',
            `127.0.0.1:${metricsPort}`,
          ],
          {
            cwd: `${ROOT}fixtures/apps/memory-hog`,
            env: { TSICORN_CGROUP_ROOT: undefined },
            wrap: (argv) => insideCgroup(cg, cpus, argv),
          },
        );
        await p.waitFor(/Booted worker with pid: (\d+)/);
        const first = childPids(p.pid);
        // More than the whole cgroup allows, every page written: the kernel must kill someone, and
        // picks the biggest process, the worker.
        const grown = await request(`http://127.0.0.1:${port}/grow?mb=400`, { timeoutMs: 20_000 }).catch(
          (e: Error) => e,
        );
        expect(grown).toBeInstanceOf(Error);
        const line = await p.waitFor(
          /Worker \(pid:(\d+)\) was killed by the kernel's OOM killer: the dyno's memory cgroup reached its limit of 300 MB \(SIGKILL\)/,
          20_000,
        );
        expect(first).toContain(Number(line[1]));
        // And its replacement boots.
        await eventually(() => expect(p.output().match(/Booted worker with pid/g)).toHaveLength(2), 15_000);
        const metrics = await request(`http://127.0.0.1:${metricsPort}/metrics`);
        expect(metrics.body).toMatch(/^tsicorn_restarts_total\{reason="memory"\} 1$/m);
        expect(metrics.body).toMatch(/^tsicorn_restarts_total\{reason="crash"\} 0$/m);
      } finally {
        cg.remove();
      }
    },
  );
});
