// The bench's pure parts (wrk output parsing, paired ratios, rotation, options) and its
// command line. The load runs themselves are `npm run bench`, too long for the test suite.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, TEST_NODE } from '../helpers/proc.ts';

// The bench is plain .mjs without type declarations: load it by a computed specifier.
const load = (p: string): Promise<any> => import(`${ROOT}scripts/bench/${p}`);

const WRK_OUT = `Running 1s test @ http://127.0.0.1:18230/ab
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   470.49us    0.98ms  11.33ms   91.67%
    Req/Sec    18.82k     8.61k   28.81k    60.00%
  18660 requests in 1.00s, 2.51MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 17
Requests/sec:  18649.16
Transfer/sec:      2.51MB
`;

describe('bench', () => {
  it('reads rate, errors and latency from wrk output', async () => {
    const { parseWrk, socketErrorCount } = await load('wrk.mjs');
    const r = parseWrk(WRK_OUT);
    expect(r.rps).toBe(18649.16);
    expect(r.requests).toBe(18660);
    expect(r.non2xx).toBe(17);
    expect(socketErrorCount(r)).toBe(6);
    expect(r.latencyAvgMs).toBeCloseTo(0.47049);
    expect(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/no result/);
  });

  it('pairs ratios by round, skips failed rounds, and rotates candidates through every slot', async () => {
    const { pairedRatios, summary, rotate } = await load('stats.mjs');
    const r = pairedRatios([50, Number.NaN, 90], [100, 100, 100]);
    expect(r[0]).toBe(0.5);
    expect(r[1]).toBeNaN();
    expect(summary(r)).toEqual({ median: 0.7, min: 0.5, max: 0.9, n: 2 });
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });

  it('drops reuseport where Node lacks it and pins only on 2+ CPUs', async () => {
    const { sections } = await load('plan.mjs');
    const old = sections({ hasReusePort: false, cpuCount: 1 });
    expect(old[0].serverCpus).toBeNull();
    expect(old.flatMap((s: any) => s.candidates.map((c: any) => c.id))).not.toContain('reuseport');
    const now = sections({ hasReusePort: true, cpuCount: 2 });
    expect([now[0].serverCpus, now[0].wrkCpus]).toEqual(['1', '0']);
    expect(now[1].candidates.map((c: any) => c.id)).toEqual(['raw', 'shared', 'reuseport', 'round-robin']);
  });

  it('rejects bad options with the usage text', () => {
    const r = spawnSync(TEST_NODE, [`${ROOT}scripts/bench.mjs`, '--rounds', 'zero'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--rounds needs a whole number/);
    expect(r.stderr).toMatch(/usage: npm run bench/);
  });

  it('says how to install wrk when it is missing', () => {
    const r = spawnSync(TEST_NODE, [`${ROOT}scripts/bench.mjs`, '--quick'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: '/nonexistent' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs the HTTP load generator `wrk`/);
    expect(r.stderr).toMatch(/apt-get install -y wrk/);
  });
});
