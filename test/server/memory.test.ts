// What workers cost and memory pressure: pure report functions, then a real master reading a
// dyno's limit from a cgroup fixture tree while a worker grows.
import { describe, expect, it } from 'vitest';
import { memoryPressure, memoryReport } from '../../lib/server/memory.ts';
import { freePort, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';

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

describe('memory watch in a real master', () => {
  it('reports worker cost against the dyno limit, then warns when a worker grows toward it', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], {
      cwd: `${ROOT}fixtures/apps/memory-hog`,
      env: { TSICORN_CGROUP_ROOT: `${ROOT}fixtures/cgroups/standard-1x-v1` },
    });
    await p.waitFor(
      /Memory: master \d+ MB RSS, workers \d+ MB each \(median of 1, max \d+\); limit 512 MB \(cgroup v1\)/,
    );
    expect(p.output()).not.toMatch(/R14/);
    for (let i = 0; i < 7; i++) await request(`http://127.0.0.1:${port}/grow`);
    await p.waitFor(
      /\[WARNING\] Memory: master and workers use \d+ MB RSS of the 512 MB limit \(\d+ %\)/,
      10_000,
    );
  });
});
