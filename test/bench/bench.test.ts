// The bench's pure parts (wrk output and time lines, paired ratios, reload dips, options, launch
// specs, goals, report, chart, README section) on made-up results, its command line, and one real
// run of a few seconds: Ctrl-C in the middle of a quick bench leaves no process and no temp file.
// The load runs themselves are `npm run bench`, far too long for the test suite.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, TEST_NODE } from '../helpers/proc.ts';

// The bench is plain .mjs without type declarations: load it by a computed specifier.
const load = (p: string): Promise<any> => import(`${ROOT}scripts/bench/${p}`);

const WRK_OUT = `Running 1s test @ http://127.0.0.1:18230/ab
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   470.49us    0.98ms  11.33ms   91.67%
    Req/Sec    18.82k     8.61k   28.81k    60.00%
  Latency Distribution
     50%  385.00us
     75%  466.00us
     90%  556.00us
     99%    1.65ms
  18660 requests in 1.00s, 2.51MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 17
Requests/sec:  18649.16
Transfer/sec:      2.51MB
TIMELINE start=1000.500 bucket=100 good=10,20,30 bad=0,1,0
TIMELINE start=1000.600 bucket=100 good=1,2 bad=0,0
`;

describe('bench: reading wrk', () => {
  it('reads rate, errors, latency percentiles and the per-thread time lines', async () => {
    const { parseWrk, socketErrorCount } = await load('wrk.mjs');
    const r = parseWrk(WRK_OUT);
    expect(r.rps).toBe(18649.16);
    expect(r.requests).toBe(18660);
    expect(r.non2xx).toBe(17);
    expect(socketErrorCount(r)).toBe(6);
    expect(r.latencyAvgMs).toBeCloseTo(0.47049);
    expect(r.p50Ms).toBeCloseTo(0.385);
    expect(r.p99Ms).toBeCloseTo(1.65);
    expect(r.timeline).toEqual({ startMs: 1000.5, bucketMs: 100, good: [11, 22, 30], bad: [0, 1, 0] });
    expect(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/no result/);
  });

  it('has no percentiles or time line when wrk printed none', async () => {
    const { parseWrk } = await load('wrk.mjs');
    const r = parseWrk('  10 requests in 1.00s, 1KB read\nRequests/sec:  10.00\n');
    expect([r.p50Ms, r.p99Ms, r.timeline]).toEqual([null, null, null]);
  });
});

describe('bench: statistics', () => {
  it('pairs ratios by round, skips failed rounds, and rotates candidates through every slot', async () => {
    const { pairedRatios, summary, rotate } = await load('stats.mjs');
    const r = pairedRatios([50, Number.NaN, 90], [100, 100, 100]);
    expect(r[0]).toBe(0.5);
    expect(r[1]).toBeNaN();
    expect(summary(r)).toEqual({ median: 0.7, min: 0.5, max: 0.9, n: 2 });
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });

  it("gives the busiest worker's share over the processes seen in both snapshots", async () => {
    const { busiestShare } = await load('stats.mjs');
    expect(busiestShare({ 1: 10, 2: 10 }, { 1: 70, 2: 30 }, [1, 2])).toBeCloseTo(0.75);
    // A count file caught mid-rewrite is missing from a snapshot: that process is left out.
    expect(busiestShare({ 1: 10 }, { 1: 70, 2: 30 }, [1, 2])).toBe(1);
    expect(busiestShare({ 1: 5 }, { 1: 5 }, [1])).toBeNaN();
  });

  it('measures a reload dip against the steady rate, with the noise floor before it', async () => {
    const { reloadDip } = await load('stats.mjs');
    // 100 responses per 100 ms, a 500 ms hole at 30 % after the signal at 2.0 s, partial last bucket.
    const good: number[] = Array.from({ length: 50 }, (_, i) => (i >= 22 && i < 27 ? 30 : 100));
    good.push(7);
    const d = reloadDip({ startMs: 5000, bucketMs: 100, good, bad: [] }, 5000 + 2000);
    expect(d.steadyRps).toBe(1000);
    expect(d.lowestWindowRps).toBeCloseTo(300);
    expect(d.dip).toBeCloseTo(0.7);
    expect(d.noiseDip).toBe(0);
    expect(d.windowMs).toBe(500);
    expect(d.afterRps).toBeCloseTo(1000 - (5 * 70 * 10) / 30);
    // Not enough time on either side of the signal: no figure rather than a made-up one.
    expect(reloadDip({ startMs: 0, bucketMs: 100, good, bad: [] }, 300)).toBeNull();
  });
});

describe('bench: plan and options', () => {
  it('keeps the baseline, drops what this machine lacks, and filters with --only', async () => {
    const { sections } = await load('plan.mjs');
    const ids = (secs: any[]) => secs.map((s) => s.candidates.map((c: any) => c.id));
    const all = sections({ hasReusePort: true, cpuCount: 2, gunicorn: true });
    expect([all[0].serverCpus, all[0].wrkCpus, all[1].serverCpus]).toEqual(['1', '0', null]);
    expect(ids(all)[0]).toEqual([
      'raw',
      'raw-control',
      'cluster-rr',
      'cluster-none',
      'throng',
      'pm2',
      'tsicorn-shared',
      'tsicorn-reuseport',
      'tsicorn-round-robin',
      'tsicorn-accesslog',
      'tsicorn-metrics',
      'gunicorn-sync',
      'gunicorn-gthread',
    ]);
    expect(ids(all)[1]).not.toContain('raw-control');
    expect(ids(all)[1]).not.toContain('tsicorn-accesslog');
    expect(ids(all)[1]).not.toContain('tsicorn-metrics');
    expect(all[1].candidates.map((c: any) => c.workers)).toEqual([1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    const old = sections({ hasReusePort: false, cpuCount: 1, gunicorn: false });
    expect(old[0].serverCpus).toBeNull();
    expect(ids(old).flat()).not.toContain('tsicorn-reuseport');
    expect(
      ids(old)
        .flat()
        .some((id: string) => id.startsWith('gunicorn')),
    ).toBe(false);
    expect(ids(sections({ hasReusePort: true, cpuCount: 2, only: ['pm2'] }))).toEqual([
      ['raw', 'pm2'],
      ['raw', 'pm2'],
    ]);
  });

  it('reloads only servers that have a rolling reload, and times start-up against node app.js', async () => {
    const { reloadCandidates, startupCandidates } = await load('plan.mjs');
    expect(reloadCandidates({ hasReusePort: true }).map((c: any) => c.id)).toEqual([
      'cluster-rr',
      'pm2',
      'tsicorn-shared',
      'tsicorn-reuseport',
      'tsicorn-round-robin',
    ]);
    expect(reloadCandidates({ hasReusePort: true }).every((c: any) => c.workers === 2)).toBe(true);
    const startups = startupCandidates({});
    expect(startups.map((c: any) => c.id)).toEqual(['raw', 'launcher', 'pm2', 'tsicorn-shared']);
    // tsicorn starts as a user starts it: through bin/tsicorn.
    expect(startups.filter((c: any) => c.shim).map((c: any) => c.id)).toEqual(['tsicorn-shared']);
  });

  it('parses options: --quick defaults, lists checked against what exists, --out without extension', async () => {
    const { parseArgs, refreshesReadme, QUICK } = await load('plan.mjs');
    const q = parseArgs(['--quick']);
    expect([q.quick, q.rounds, q.workloads, q.out]).toEqual([
      true,
      QUICK.rounds,
      ['hello'],
      'docs/bench-quick',
    ]);
    expect(refreshesReadme(q)).toBe(false);
    const full = parseArgs([]);
    expect([full.out, full.workloads.length, refreshesReadme(full)]).toEqual(['docs/bench-results', 4, true]);
    expect(refreshesReadme(parseArgs(['--only', 'pm2']))).toBe(false);
    expect(refreshesReadme(parseArgs(['--parts', 'shell']))).toBe(false);
    expect(parseArgs(['--out', '/tmp/x.json']).out).toBe('/tmp/x');
    expect(parseArgs(['--only', 'pm2,tsicorn-shared']).only).toEqual(['pm2', 'tsicorn-shared']);
    expect(parseArgs(['--only', 'pm3']).error).toMatch(/--only: unknown pm3 \(known: raw, /);
    expect(parseArgs(['--workloads', 'hello,cpu']).workloads).toEqual(['hello', 'cpu']);
    expect(parseArgs(['--parts', 'reload,disk']).error).toMatch(/unknown disk/);
    expect(parseArgs(['--duration', '0.5']).error).toMatch(/--duration needs a whole number/);
  });
});

describe('bench: how each server is started', () => {
  const ctx = { root: '/r', node: '/n/node', port: 8000, tmp: '/t/s1' };
  const cand = (id: string, workers = 2) =>
    load('plan.mjs').then((p) => ({ ...p.CANDIDATES.find((c: any) => c.id === id), workers }));

  it('runs PM2 through pm2-runtime with a private PM2_HOME and a cluster-mode ecosystem file', async () => {
    const { launchSpec } = await load('peers.mjs');
    const s = launchSpec(await cand('pm2'), ctx);
    expect(s.argv).toEqual([
      '/n/node',
      '/r/node_modules/pm2/bin/pm2-runtime',
      'start',
      '/t/s1/ecosystem.config.json',
    ]);
    expect(s.env.PM2_HOME).toBe('/t/s1/pm2');
    const eco = JSON.parse(s.files['/t/s1/ecosystem.config.json']);
    expect(eco.apps[0]).toMatchObject({ instances: 2, exec_mode: 'cluster', env: { BENCH_PORT: '8000' } });
    expect(s.reload.argv.slice(1)).toEqual(['/r/node_modules/pm2/bin/pm2', 'reload', 'all']);
    expect(s.reload.env.PM2_HOME).toBe('/t/s1/pm2');
  });

  it('passes each scheduling policy, worker class and distribution through', async () => {
    const { launchSpec } = await load('peers.mjs');
    expect(launchSpec(await cand('cluster-none'), ctx).argv.slice(-2)).toEqual(['2', 'none']);
    expect(launchSpec(await cand('cluster-rr'), ctx).argv.slice(-2)).toEqual(['2', 'rr']);
    expect(launchSpec(await cand('gunicorn-gthread'), ctx).argv).toContain('--threads');
    expect(launchSpec(await cand('gunicorn-sync'), ctx).argv).not.toContain('--threads');
    expect(launchSpec(await cand('tsicorn-accesslog', 1), ctx).argv.slice(-2)).toEqual([
      '--access-logfile',
      '/dev/null',
    ]);
    expect(launchSpec(await cand('tsicorn-shared', 1), ctx).argv).not.toContain('--access-logfile');
    expect(launchSpec(await cand('tsicorn-metrics', 1), ctx).argv.slice(-2)).toEqual([
      '--metrics-interval',
      '1',
    ]);
    expect(launchSpec(await cand('tsicorn-shared', 1), ctx).argv).not.toContain('--metrics-interval');
    const t = launchSpec(await cand('tsicorn-round-robin', 1), ctx).argv;
    expect(t.slice(1)).toEqual([
      '/r/dist/tsicorn.mjs',
      'app',
      '-b',
      '127.0.0.1:8000',
      '-w',
      '1',
      '--distribution',
      'round-robin',
    ]);
  });

  it('is ready only once every expected process said so', async () => {
    const { launchSpec, isReady } = await load('peers.mjs');
    const s = launchSpec(await cand('throng'), ctx);
    expect(isReady(s, 'listening 10\n')).toBe(false);
    expect(isReady(s, 'listening 10\nlistening 11\n')).toBe(true);
  });
});

/** Made-up results: every server at a fixed multiple of raw per load, 2 rounds, hello + json. */
async function fakeResults() {
  const { sections, reloadCandidates, startupCandidates } = await load('plan.mjs');
  const secs = sections({ hasReusePort: true, cpuCount: 2, gunicorn: true });
  const base: Record<string, number> = { ka: 20000, close: 5000 };
  // [ka, close] multiples of raw per round pair; tsicorn's close a little low, PM2's close a little high.
  const factor: Record<string, [number, number][]> = {
    raw: [
      [1, 1],
      [1, 1],
    ],
    'tsicorn-shared': [
      [0.95, 0.9],
      [0.99, 0.94],
    ],
    // Metrics on: 2 % below tsicorn on keep-alive (inside the control's spread), half on close.
    'tsicorn-metrics': [
      [0.95 * 0.98, 0.9 * 0.5],
      [0.99 * 0.98, 0.94 * 0.5],
    ],
    'cluster-rr': [
      [0.8, 0.4],
      [0.8, 0.4],
    ],
    throng: [
      [0.8, 0.4],
      [0.8, 0.4],
    ],
    pm2: [
      [0.8, 0.5],
      [0.8, 0.5],
    ],
  };
  const samples: any[] = [];
  for (const s of secs)
    for (const c of s.candidates)
      for (let round = 0; round < 2; round++) {
        const f = factor[c.id]?.[round] ?? [0.7, 0.7];
        samples.push({
          section: s.id,
          candidate: c.id,
          round,
          memory: {
            master: c.id === 'raw' ? Number.NaN : c.id === 'pm2' ? 80 * 1024 : 60 * 1024,
            workers: Array(c.workers).fill(62 * 1024),
            others: [],
          },
          runs: (c.workloads ?? ['hello', 'json']).flatMap((workload: string) =>
            ['ka', 'close'].map((l, i) => ({
              workload,
              load: l,
              rps: base[l] * f[i],
              p50Ms: 1 / f[i],
              p99Ms: 3 / f[i],
              socketErrors: 0,
              non2xx: 0,
              share: c.workers > 1 ? 0.5 : null,
              attempts: 1,
            })),
          ),
        });
      }
  // One failed server, recorded as such.
  samples.push({
    section: 'w1',
    candidate: 'gunicorn-sync',
    round: 2,
    error: 'not ready after 30 s',
    runs: [],
  });
  const good = Array.from({ length: 70 }, (_, i) => (i >= 30 && i < 35 ? 90 : 100));
  return {
    schema: 1,
    quick: false,
    command: 'npm run bench',
    startedAt: '2026-01-02T03:04:05.000Z',
    elapsedS: 600,
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      physicalCores: 2,
      speed: '3 GHz',
      virtual: 'no',
      memGiB: '8',
      os: 'Test OS',
      node: 'v24.0.0',
      wrk: 'wrk 4',
      gunicorn: 'gunicorn 20',
      python: 'Python 3',
      hyperfine: 'hyperfine 1',
      pm2: 'pm2 7',
      throng: 'throng 5',
    },
    options: {
      rounds: 2,
      duration: 1,
      warmup: 2,
      connections: 32,
      workloads: ['hello', 'json'],
      reloadLoads: ['ka'],
      startupRuns: 2,
      shellRuns: 3,
    },
    noise: {
      checks: 1,
      noisy: 0,
      waitedMs: 0,
      minIdle: 0.99,
      retries: 0,
      keptBusy: 0,
      maxWaitMs: 10000,
      foreignLimit: 0.05,
      maxRetries: 40,
      perRunRetries: 2,
    },
    throughput: { sections: secs, samples },
    reload: {
      seconds: 7,
      signalAtMs: 2500,
      candidates: reloadCandidates({ hasReusePort: true }),
      samples: [
        {
          candidate: 'tsicorn-shared',
          load: 'ka',
          round: 0,
          replacedMs: 900,
          requests: 6990,
          socketErrors: 0,
          non2xx: 0,
          steadyRps: 1000,
          afterRps: 980,
          dip: 0.1,
          noiseDip: 0.02,
          timeline: { startMs: 0, bucketMs: 100, good, bad: [] },
        },
        { candidate: 'pm2', load: 'ka', round: 0, error: 'pm2 reload exited 1' },
      ],
    },
    startup: {
      candidates: startupCandidates({}),
      samples: [
        { candidate: 'raw', run: 0, ms: 100 },
        { candidate: 'raw', run: 1, ms: 120 },
        { candidate: 'tsicorn-shared', run: 0, ms: 120 },
        { candidate: 'tsicorn-shared', run: 1, ms: 140 },
        { candidate: 'pm2', run: 0, ms: 400 },
      ],
      bareNodeRssKiB: [40 * 1024],
    },
    shell: {
      profileD: {
        settings: [
          {
            id: 'dyno',
            label: 'dyno',
            limitFile: '/x',
            commands: [
              { id: 'baseline', label: "bash -c 'nproc; cat /x'", timesMs: [2, 2, 2] },
              { id: 'tsicorn', label: 'source profile.d/tsicorn.sh', timesMs: [0.9, 1, 1.1] },
            ],
          },
          { id: 'machine', label: 'here', skipped: 'no cgroup memory limit file' },
        ],
      },
      compile: { app: 'fixtures/apps/demo', timesMs: [300] },
    },
  };
}

describe('bench: goals, report, chart and README from results', () => {
  it('judges every goal on what was measured, and says plainly what is missed', async () => {
    const { evaluateGoals, goalsTable } = await load('goals.mjs');
    const goals = evaluateGoals(await fakeResults());
    const verdict = Object.fromEntries(goals.map((g: any) => [g.goal, g.met]));
    // 0.97 and 0.92, against a noise control of 0.70x (spread ±0.30): no verdict either way.
    expect(verdict['1 worker vs raw Node, keep-alive (hello world)']).toBe('unclear');
    expect(verdict['1 worker vs raw Node, Connection: close (hello world)']).toBe('unclear');
    expect(verdict['1 worker vs node:cluster, throng, PM2, keep-alive']).toBe(true); // 0.97 / 0.8
    expect(verdict['1 worker vs node:cluster, throng, PM2, Connection: close']).toBe(false); // 0.92 / 0.5 for PM2
    expect(verdict['Rolling reload (HUP): failed requests']).toBe(true);
    expect(verdict['Rolling reload (HUP): throughput dip']).toBe(true);
    expect(verdict['Metrics on vs off, 1 worker, keep-alive (hello world)']).toBe(true); // 0.98, noise ±0.30
    expect(verdict['Metrics on vs off, 1 worker, Connection: close (hello world)']).toBe(false); // 0.50
    expect(goals.find((g: any) => g.goal.startsWith('Metrics on vs off, 1 worker, keep')).measured).toBe(
      '0.98x of metrics off (0.98–0.98); noise control 0.70x (0.70–0.70)',
    );
    expect(verdict["Master RSS vs PM2's daemon"]).toBe(false); // 60 / 80 MiB
    expect(verdict['Start to first 200 vs `node app.js`']).toBe(true); // 130 / 110
    expect(verdict['.profile.d sizing vs `bash -c nproc; cat <limit>` (standard-2x dyno tree)']).toBe(true);
    expect(verdict['Classic bin/compile of a small app']).toBe(true);
    // The made-up noise control reads 0.70x: a 0.97x is inside its spread, and the report says so.
    expect(goals[0].measured).toBe(
      '0.97x (0.95–0.99); noise control 0.70x (0.70–0.70) (the noise control’s spread is not smaller than the distance to 0.97: not conclusive)',
    );
    const close = goals.find(
      (g: any) => g.goal === '1 worker vs node:cluster, throng, PM2, Connection: close',
    );
    expect(close.measured).toBe(
      'node:cluster 2.30x (2.25–2.35), throng 2.30x (2.25–2.35), PM2 1.84x (1.80–1.88)',
    );
    const table = goalsTable(goals);
    expect(table).toContain('| **missed** |');
    expect(table).toMatch(
      /Missed: Metrics on vs off, 1 worker, Connection: close \(hello world\); 1 worker vs node:cluster/,
    );
    expect(table).toContain('| 1 worker vs raw Node, keep-alive (hello world) | ≥ 0.97x |');
    expect(table).toMatch(/hello world\) \| ≥ 0\.97x \| [^\n]*\| not conclusive \|/);
  });

  it('reports what was not measured as such, not as met', async () => {
    const { evaluateGoals } = await load('goals.mjs');
    const r: any = await fakeResults();
    delete r.reload;
    delete r.startup;
    const goals = evaluateGoals(r);
    expect(goals.find((g: any) => g.goal.startsWith('Start to first')).met).toBeNull();
    expect(goals.find((g: any) => g.goal.endsWith('throughput dip')).measured).toBe('not measured');
  });

  it('renders the Markdown report with ratios, ranges, failures and raw numbers', async () => {
    const { renderReport } = await load('report.mjs');
    const md = renderReport(await fakeResults(), { chartFile: 'x.svg' });
    expect(md).toContain('![requests/s of every server as a multiple of raw Node](x.svg)');
    expect(md).toContain('| raw node:http, 1 process (baseline) | 1.00 (20,000 req/s) | 1.00 / 3.00 ms |');
    // p50 is 1 / the rate factor here: 1/0.95 and 1/0.99 of raw's, median 1.03.
    expect(md).toContain(
      '| tsicorn --distribution shared (default) | **0.97x** (0.95–0.99) | 1.03 (1.01–1.05) / 1.03 (1.01–1.05) |',
    );
    expect(md).toContain('↳ failed: round 3: not ready after 30 s');
    expect(md).toContain('| PM2 cluster mode (pm2-runtime) | keep-alive | failed: pm2 reload exited 1 |');
    expect(md).toMatch(
      /\| tsicorn --distribution shared \(default\) \| keep-alive \| \*\*0\*\* \(0 \/ 0\) of 6,990 \| \*\*10 %\*\*/,
    );
    expect(md).toContain('| `node app.js` (scripts/bench/peers/raw.mjs) | 110 ms (100–120) | 1.00 |');
    expect(md).toContain('| dyno | source profile.d/tsicorn.sh | 1.00 ms (0.90–1.10) | **0.50x** |');
    expect(md).toContain('| tsicorn-shared | 2 | 19,800 / 4,700 | 19,800 / 4,700 |');
    expect(md).not.toContain('Quick run');
    // Rows measured under hello world only are not in the other workloads' tables.
    const jsonTable = md.slice(md.indexOf('**1 KB JSON**')).split('\n\n')[1]!;
    expect(jsonTable).toContain('| tsicorn --distribution shared (default) |');
    expect(jsonTable).not.toContain('metrics on');
    expect(jsonTable).not.toContain('access log on');
    expect(md).toContain('| tsicorn shared, metrics on (--metrics-interval 1) | **0.95x**');
  });

  it('draws an SVG chart without a browser: one bar per server, workload and load, whiskers over rounds', async () => {
    const { renderChart, axisMax, escapeXml } = await load('chart.mjs');
    const r = await fakeResults();
    const svg = renderChart(r);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Well-formed enough for any renderer: every opened element is closed, in order.
    const stack: string[] = [];
    for (const m of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]);
    }
    expect(stack).toEqual([]);
    const bars = [
      ...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="\d+" fill="[^"]+"><title>/g),
    ];
    const rows = r.throughput.sections.reduce((n: number, s: any) => n + s.candidates.length - 1, 0);
    // Gunicorn sync in w1 still has its two rounds; every row has 2 workloads x 2 loads, except the
    // access-log and metrics rows, measured under hello world only (no bar, no "no sample" for json).
    expect(bars.length).toBe(rows * 2 * 2 - 2 * 2);
    expect(svg).not.toContain('no sample');
    // tsicorn keep-alive hello at 0.97x and cluster at 0.80x: bar widths in that proportion.
    const width = (label: string) =>
      Number(new RegExp(`width="([\\d.]+)"[^>]*><title>${label}`).exec(svg)![1]);
    expect(
      width('tsicorn --distribution shared \\(default\\), hello world, keep-alive') /
        width('node:cluster, round-robin \\(default\\), hello world, keep-alive'),
    ).toBeCloseTo(0.97 / 0.8, 2);
    expect(axisMax([0.4, 1.2])).toBe(1.5);
    expect(axisMax([2.3])).toBe(2.5);
    expect(escapeXml('a<b & "c"')).toBe('a&lt;b &amp; &quot;c&quot;');
  });

  it('says QUICK RUN on a quick run, in the chart and the report', async () => {
    const { renderChart } = await load('chart.mjs');
    const { renderReport } = await load('report.mjs');
    const r = { ...(await fakeResults()), quick: true };
    expect(renderChart(r)).toContain('QUICK RUN, not a result');
    expect(renderReport(r)).toMatch(/^# tsicorn benchmark results \(quick run\)/);
    expect(renderReport(r)).toContain('**Quick run**');
  });

  it('replaces only the README section between the markers, naming its source', async () => {
    const { renderReadmeSection, spliceReadme, readmeSource } = await load('readme.mjs');
    const section = renderReadmeSection(await fakeResults(), 'docs/x.json');
    expect(section).toContain('![requests/s of every server as a multiple of raw Node](docs/x.svg)');
    expect(section).toContain(
      '| tsicorn --distribution shared (default) | 0.97 (0.95–0.99) | 0.92 (0.90–0.94) |',
    );
    const readme = 'before\n<!-- bench:start source=old.json -->\nold\n<!-- bench:end -->\nafter\n';
    const out = spliceReadme(readme, section);
    expect(out.startsWith('before\n<!-- bench:start source=docs/x.json')).toBe(true);
    expect(out.endsWith('<!-- bench:end -->\nafter\n')).toBe(true);
    expect(readmeSource(out)).toBe('docs/x.json');
    expect(() => spliceReadme('no markers', section)).toThrow(/has no/);
  });

  it("keeps README.md's results what its source JSON renders to (never edited by hand)", async () => {
    const { renderReadmeSection, readmeSource, START, END } = await load('readme.mjs');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const source = readmeSource(readme);
    expect(source).not.toBeNull();
    const results = JSON.parse(readFileSync(join(ROOT, source), 'utf8'));
    const current = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(current).toBe(renderReadmeSection(results, source));
  });
});

describe('bench: command line', () => {
  it('rejects bad options with the usage text', () => {
    const r = spawnSync(TEST_NODE, [`${ROOT}scripts/bench.mjs`, '--rounds', 'zero'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--rounds needs a whole number/);
    expect(r.stderr).toMatch(/usage: npm run bench/);
  });

  it('plans to install what is missing only where it may (root with apt-get, not opted out)', async () => {
    const { installPlan, TOOLS } = await load('tools.mjs');
    const wrk = TOOLS.filter((t: any) => t.command === 'wrk');
    const all = { missingTools: wrk, missingModules: ['pm2'], root: true, hasApt: true, optOut: false };
    expect(installPlan(all)).toEqual({ apt: ['wrk'], npm: true, advice: [] });
    const user = installPlan({ ...all, root: false });
    expect(user.apt).toBeNull();
    expect(user.advice[0]).toBe(
      'not installed: wrk; Debian/Ubuntu: apt-get update && apt-get install -y wrk (as root)',
    );
    const out = installPlan({ ...all, optOut: true });
    expect([out.apt, out.npm]).toEqual([null, false]);
    expect(out.advice[1]).toBe('not in node_modules: pm2 (their rows will fail); run npm ci');
    expect(installPlan({ ...all, missingTools: [], missingModules: [] })).toEqual({
      apt: null,
      npm: false,
      advice: [],
    });
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

const temps: string[] = [];
const benches: ChildProcess[] = [];
afterEach(async () => {
  // A failed assertion must not leave a bench (and its servers) running: interrupt it properly.
  for (const b of benches.splice(0)) {
    if (b.exitCode !== null || b.signalCode !== null) continue;
    const gone = new Promise((r) => b.once('exit', r));
    b.kill('SIGINT');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
  }
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A quick bench of PM2 alone, its temp files under `tmp`; stderr collected into `log()`. */
function startBench(tmp: string) {
  const bench = spawn(
    TEST_NODE,
    [`${ROOT}scripts/bench.mjs`, '--quick', '--only', 'pm2', '--parts', 'throughput', '--no-write'],
    { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  benches.push(bench);
  let err = '';
  bench.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | string>((r) => bench.once('exit', (c, s) => r(c ?? s ?? -1)));
  return { bench, exited, log: () => err };
}

const cmdline = (id: string) => {
  try {
    return readFileSync(`/proc/${id.split(':')[0]}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * Watches the bench's process tree until `until(cmdlines)` holds (or 45 s pass); returns whether it
 * did and every process seen in the tree on the way.
 */
async function watchTree(pid: number, until: (cmds: string[]) => boolean) {
  const seen = new Set<string>();
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const now = tree(pid).filter((id) => !id.startsWith(`${pid}:`));
    for (const id of now) seen.add(id);
    if (until(now.map(cmdline))) return { ok: true, seen };
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ok: false, seen };
}

/** The processes of `ids` still alive after up to 2 s (SIGKILLed groups need a moment to be reaped). */
async function survivors(ids: Set<string>): Promise<string[]> {
  let left = alive(ids);
  for (let i = 0; i < 20 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = alive(ids);
  }
  return left.map((id) => `${id} ${cmdline(id).replaceAll('\0', ' ')}`);
}

/**
 * Every process on the machine: pid -> { ppid, start } from /proc/<pid>/stat, which never waits on
 * the process (its environ or cmdline can, on a process stuck in reclaim in another test's cgroup).
 */
function processes(): Map<number, { ppid: number; start: string }> {
  const out = new Map<number, { ppid: number; start: string }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      // After the command: state, ppid, ...; starttime is field 22 of the whole line.
      out.set(Number(d), { ppid: Number(f[1]), start: f[19] });
    } catch {}
  }
  return out;
}

/** `root` and its descendants, each as "pid:starttime" (a pid reused later is another process). */
function tree(root: number): string[] {
  const all = processes();
  const ids = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, x] of all)
      if (!ids.has(p) && ids.has(x.ppid)) {
        ids.add(p);
        grew = true;
      }
  }
  return [...ids].filter((p) => all.has(p)).map((p) => `${p}:${all.get(p)!.start}`);
}

function alive(ids: Iterable<string>): string[] {
  const all = processes();
  return [...ids].filter((id) => {
    const [p, start] = id.split(':');
    return all.get(Number(p))?.start === start;
  });
}

const hasWrk = spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status === 0;

describe('bench: interrupted', () => {
  const skip = !hasWrk || !existsSync(join(ROOT, 'dist/tsicorn.mjs'));
  if (skip) console.warn('bench interruption tests skipped: they need wrk and a built dist/');

  it.skipIf(skip)(
    'on Ctrl-C stops every process it started and removes its temp files, PM2 included',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'tsicorn-bench-test-'));
      temps.push(tmp);
      const { bench, exited, log } = startBench(tmp);
      // Interrupt while wrk loads PM2: PM2's daemon and workers are the deepest tree the bench
      // builds, and wrk runs in the bench's own process group.
      const { ok, seen } = await watchTree(
        bench.pid!,
        (cmds) => cmds.some((c) => c.includes('pm2-app.mjs')) && cmds.some((c) => /(^|\/)wrk\0/.test(c)),
      );
      expect(ok, `no wrk against PM2 within 45 s; bench said:\n${log()}`).toBe(true);
      bench.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(log()).toMatch(/SIGINT, every server it started is stopped/);
      expect(await survivors(seen)).toEqual([]);
      expect(seen.size).toBeGreaterThan(3);
      expect(readdirSync(tmp)).toEqual([]);
    },
    60_000,
  );

  it.skipIf(skip)(
    'a bench killed outright runs no cleanup: the next run stops what it left, never what a live bench runs',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'tsicorn-bench-test-'));
      temps.push(tmp);
      // Stand-ins for servers: one marked by a bench that is gone (a pid no process has), one by a
      // bench that still runs (this test process, with its real start time).
      const own = readFileSync('/proc/self/stat', 'utf8');
      const ownStart = own.slice(own.lastIndexOf(')') + 2).split(' ')[19];
      const serverDir = join(tmp, 'tsicorn-bench-left');
      mkdirSync(join(serverDir, 'counts'), { recursive: true });
      const sleeper = (run: string, counts: string) => {
        const p = spawn('sleep', ['60'], {
          env: { BENCH_RUN: run, BENCH_COUNT_DIR: counts },
          stdio: 'ignore',
        });
        benches.push(p);
        return p;
      };
      const orphan = sleeper('4194999-12345', join(serverDir, 'counts'));
      const owned = sleeper(`${process.pid}-${ownStart}`, join(tmp, 'tsicorn-bench-live/counts'));
      const orphanGone = new Promise((r) => orphan.once('exit', (_c, sig) => r(sig)));
      // The lightest next run: the buildpack timings start no server.
      const next = spawnSync(
        TEST_NODE,
        [`${ROOT}scripts/bench.mjs`, '--quick', '--parts', 'shell', '--no-write'],
        { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 },
      );
      expect(next.stderr).toMatch(/stopped 1 process\(es\) an earlier bench left behind/);
      expect(await orphanGone).toBe('SIGKILL');
      expect(existsSync(serverDir)).toBe(false);
      expect(owned.exitCode === null && owned.signalCode === null).toBe(true);
      owned.kill();
    },
    90_000,
  );
});
