// The autotuner end to end, in real memory cgroups (root only): a real master and real workers,
// the limit read from the cgroup as on a dyno (scripts/dyno/enter-cgroup.sh), the app of
// fixtures/apps/autotune reporting its own RSS and V8 heap limit.
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cgroup, cgroupSupport, createCgroup, ENTER_CGROUP } from '../../scripts/dyno/cgroup.ts';
import { startLoad } from '../helpers/load.ts';
import {
  CLI,
  childPids,
  eventually,
  freePort,
  type Proc,
  ROOT,
  request,
  spawnTsicorn,
  TEST_NODE,
} from '../helpers/proc.ts';

const support = cgroupSupport();
if (support.version === null)
  console.warn(`test/server/autotune: skipped, real cgroups need root (${support.why})`);
const APP = join(ROOT, 'fixtures/apps/autotune');
const cgroups: Cgroup[] = [];

afterEach(() => {
  for (const cg of cgroups.splice(0)) cg.remove();
});

interface Figures {
  pid: number;
  rssMb: number;
  heapLimitMb: number;
  heapUsedMb: number;
  execArgv: string[];
}

/** tsicorn inside a fresh memory cgroup of `mb` on CPUs 0-1, serving the autotune fixture. */
async function serveIn(mb: number, args: string[], env: Record<string, string> = {}) {
  const cg = createCgroup(mb);
  cgroups.push(cg);
  const port = await freePort();
  const proc = spawnTsicorn(
    [cg.path, cg.version, '0-1', '--', TEST_NODE, CLI, 'app', '-b', `127.0.0.1:${port}`, ...args],
    { node: '/bin/bash', script: ENTER_CGROUP, cwd: APP, env: { WEB_CONCURRENCY: undefined, ...env } },
  );
  const url = `http://127.0.0.1:${port}`;
  return { cg, proc, url };
}

async function figures(url: string, path = '/'): Promise<Figures> {
  const r = await request(`${url}${path}`);
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as Figures;
}

/** Figures from every worker in `pids` (fresh connections land on any worker; ask until each answered). */
async function figuresOf(url: string, pids: number[]): Promise<Map<number, Figures>> {
  const seen = new Map<number, Figures>();
  await eventually(
    async () => {
      const f = await figures(url);
      if (pids.includes(f.pid)) seen.set(f.pid, f);
      return seen.size === pids.length;
    },
    15_000,
    10,
  );
  return seen;
}

function oomKills(cg: Cgroup): number {
  const text = readFileSync(
    join(cg.path, cg.version === 'v1' ? 'memory.oom_control' : 'memory.events'),
    'utf8',
  );
  return Number(/oom_kill (\d+)/.exec(text)?.[1] ?? 0);
}

async function stop(p: Proc) {
  p.signal('SIGTERM');
  expect(await p.exited(40_000)).toBe(0);
}

describe.skipIf(support.version === null)('the autotuner in real memory cgroups', () => {
  it('200 MB workers, platform default 2, in 512 MB: boots 1 worker, says why, no worker is OOM-killed', async () => {
    const { cg, proc, url } = await serveIn(512, [], {
      HOLD_MB: '200',
      WEB_CONCURRENCY: '2',
      WEB_CONCURRENCY_SET_BY: 'tsicorn',
    });
    await proc.ready(30_000);
    const fit = await proc.waitFor(
      /\[INFO\] Boot-time fit: 1 worker \(WEB_CONCURRENCY=2 from tsicorn, was 2\): the first worker uses (\d+) MB RSS and the master (\d+) MB; 90 % of the 512 MB limit \(cgroup v\d\) = 461 MB holds floor\(\(461 - \d+\) \/ \d+\) = 1/,
    );
    expect(Number(fit[1])).toBeGreaterThan(200);
    expect(proc.output()).toMatch(/Number of workers: 2 -> 1 \(boot-time fit\)/);
    // Serve for a while (the run-time fit samples every 2 s), then check nothing was killed.
    for (let i = 0; i < 10; i++) {
      expect((await figures(url)).rssMb).toBeGreaterThan(200);
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(childPids(proc.pid)).toHaveLength(1);
    expect(proc.output()).not.toMatch(/killed by signal|exited with code/);
    expect(oomKills(cg)).toBe(0);
    await stop(proc);
  });

  it('the same app with -w 4 from the user: 4 asked, one warning with the numbers', async () => {
    const { proc } = await serveIn(512, ['-w', '4'], { HOLD_MB: '200' });
    const warning = await proc.waitFor(
      /\[WARNING\] Memory: 4 workers \(-w\) of about (\d+) MB each plus the master need about (\d+) MB, more than 90 % of the 512 MB limit \(cgroup v\d\) \(461 MB\): expect swapping \(R14\) or an out-of-memory kill \(R15\)\. 1 worker fit\./,
      30_000,
    );
    expect(Number(warning[2])).toBeGreaterThan(800);
    expect(proc.output()).toMatch(/Boot-time fit: 4 workers as asked \(-w\)/);
    expect(proc.output().match(/\[WARNING\] Memory: 4 workers/g)).toHaveLength(1);
    await proc.kill();
  });

  it('2 workers of a plain app in 512 MB each get a V8 heap limit from their share of it', async () => {
    const { proc, url } = await serveIn(512, [], { WEB_CONCURRENCY: '2', WEB_CONCURRENCY_SET_BY: 'tsicorn' });
    const line = await proc.waitFor(
      /Worker memory: V8 heap limit (\d+) MB per worker: \(512 MB limit - (\d+) MB master\) \/ 2 workers - (\d+) MB non-heap = \d+ MB/,
      30_000,
    );
    const heap = Number(line[1]);
    // The first worker booted alone with the limit for one worker; it is replaced once both are up.
    const swap = await proc.waitFor(
      /Worker (\d+) is ready; retiring (\d+) \(its V8 heap limit (\d+) MB was for one worker; 2 workers get (\d+) MB each\)/,
      30_000,
    );
    expect(Number(swap[4])).toBe(heap);
    await proc.waitFor(new RegExp(`Worker exited \\(pid: ${swap[2]}\\)`), 30_000);
    const pids = childPids(proc.pid);
    expect(pids).toHaveLength(2);
    for (const f of (await figuresOf(url, pids)).values()) {
      expect(f.heapLimitMb).toBe(heap);
      expect(f.execArgv).toContain(`--max-heap-size=${heap}`);
    }
    // Their share: half of what the limit leaves after the master, minus what lives outside the heap;
    // Node's own default in 512 MB is 259 MB for each process.
    expect(heap).toBeLessThanOrEqual(Math.floor((512 - Number(line[2])) / 2) - Number(line[3]));
    expect(heap).toBeGreaterThan(120);
    expect(heap).toBeLessThan(256);
    await stop(proc);
  });

  it('a heap size the user set (NODE_OPTIONS or --node-args) is kept', async () => {
    for (const [args, env, where] of [
      [['-w', '2'], { NODE_OPTIONS: '--max-old-space-size=300' }, '--max-old-space-size=300 in NODE_OPTIONS'],
      [['-w', '2', '--node-args=--max-old-space-size=280'], {}, '--max-old-space-size=280 in --node-args'],
    ] as const) {
      const { proc, url } = await serveIn(512, [...args], env);
      await proc.ready(30_000);
      await proc.waitFor(new RegExp(`Worker memory: heap size set by the user \\(${where}\\)`), 30_000);
      const mb = where.includes('300') ? 300 : 280;
      for (const f of (await figuresOf(url, childPids(proc.pid))).values()) {
        expect(f.execArgv.some((a) => a.startsWith('--max-heap-size'))).toBe(false);
        // V8 adds its young generation (3 MB in 512 MB) to the old space the user asked for.
        expect(f.heapLimitMb).toBeGreaterThanOrEqual(mb);
        expect(f.heapLimitMb).toBeLessThan(mb + 16);
      }
      expect(proc.output()).not.toMatch(/was for one worker/);
      await stop(proc);
    }
  });

  it('a worker grown past the default --max-worker-memory under steady load is replaced, zero failed requests', async () => {
    const { proc, url } = await serveIn(512, [], { WEB_CONCURRENCY: '2', WEB_CONCURRENCY_SET_BY: 'tsicorn' });
    const share = Number(
      (await proc.waitFor(/--max-worker-memory (\d+) MB, each worker's fair share/, 30_000))[1],
    );
    // Let the first worker's heap-limit replacement finish, so only the growth replaces a worker.
    await proc.waitFor(/Worker exited \(pid: \d+\)/, 30_000);
    const load = startLoad(url, { concurrency: 4 });
    // One keep-alive connection: every /grow lands on the same worker. 16 MB at a time, one step
    // per heartbeat, until the master replaces it.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let grown: Figures | null = null;
    for (let i = 0; i < 30 && !/above --max-worker-memory/.test(proc.output()); i++) {
      grown = await new Promise<Figures>((resolve, reject) => {
        httpRequest(`${url}/grow?mb=16`, { agent }, (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve(JSON.parse(body) as Figures));
        })
          .on('error', reject)
          .end();
      });
      await new Promise((r) => setTimeout(r, 1100));
    }
    agent.destroy();
    const over = await proc.waitFor(
      /Worker (\d+) uses (\d+) MB RSS, above --max-worker-memory (\d+) MB/,
      10_000,
    );
    expect(Number(over[1])).toBe(grown!.pid);
    expect(Number(over[3])).toBe(share);
    await proc.waitFor(
      new RegExp(`Worker \\d+ is ready; retiring ${over[1]} \\(max-worker-memory\\)`),
      30_000,
    );
    await proc.waitFor(new RegExp(`Worker exited \\(pid: ${over[1]}\\)`), 30_000);
    const result = await load.stop();
    expect(result.errors).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.ok).toBeGreaterThan(100);
    expect(proc.output()).not.toMatch(/killed by signal|heap out of memory/);
    await stop(proc);
  });
});
