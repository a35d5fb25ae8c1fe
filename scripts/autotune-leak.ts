// Measures a leaking app in a real 512 MB memory cgroup (root only), with and without the
// autotuner's V8 heap limit, for the README. Every request to /grow?mb=1 keeps 1 MB more of
// JavaScript objects alive in the worker that serves it; a paced client sends RATE of them per
// second for SECONDS, on fresh connections (any worker). Two workers (platform default), CPUs 0-1.
//
//   node scripts/autotune-leak.ts [--seconds 60] [--rate 10] [--distribution round-robin]
//
// With --distribution round-robin every worker leaks at the same pace, so they near their limits
// together (the shared socket lets one busy worker take most connections).
//
// Cases: V8's own heap limit (NODE_OPTIONS sets what V8 picks in 512 MB anyway, which turns
// tsicorn's off) and tsicorn's heap limit, each with --max-worker-memory off and at its default.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../lib/server/free-port.ts';
import { createCgroup, insideCgroup } from './dyno/cgroup.ts';
import { request } from './dyno/http.ts';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { seconds: { type: 'string' }, rate: { type: 'string' }, distribution: { type: 'string' } },
});
const SECONDS = Number(values.seconds ?? 60);
const RATE = Number(values.rate ?? 10);
const DISTRIBUTION = values.distribution ?? 'shared';

interface Case {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const V8_DEFAULT = { NODE_OPTIONS: '--max-old-space-size=256' };
const CASES: Case[] = [
  { name: "V8's heap limit, --max-worker-memory 0", args: ['--max-worker-memory', '0'], env: V8_DEFAULT },
  { name: "tsicorn's heap limit, --max-worker-memory 0", args: ['--max-worker-memory', '0'], env: {} },
  { name: "V8's heap limit, default --max-worker-memory", args: [], env: V8_DEFAULT },
  { name: "tsicorn's heap limit, default --max-worker-memory", args: [], env: {} },
];

async function runCase(c: Case) {
  const cg = createCgroup(512);
  const port = await freePort();
  const argv = insideCgroup(cg, '0-1', [
    process.execPath,
    join(ROOT, 'dist/tsicorn.mjs'),
    'app',
    '-b',
    `127.0.0.1:${port}`,
    '--distribution',
    DISTRIBUTION,
    ...c.args,
  ]);
  const env = { PATH: '/usr/bin:/bin', WEB_CONCURRENCY: '2', WEB_CONCURRENCY_SET_BY: 'tsicorn', ...c.env };
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: join(ROOT, 'fixtures/apps/autotune'),
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => {
    log += d;
  });
  child.stderr!.on('data', (d) => {
    log += d;
  });
  const until = Date.now() + 30_000;
  while (!/All \d+ worker\(s\) ready/.test(log) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 100));
  let ok = 0;
  let failed = 0;
  let firstFailureS = null as number | null;
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < SECONDS * RATE; i++) {
    const due = started + (i * 1000) / RATE;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    pending.push(
      request(`http://127.0.0.1:${port}/grow?mb=1`, { timeoutMs: 30_000 }).then(
        (r) => {
          if (r.status === 200) ok++;
          else failed++;
        },
        () => {
          failed++;
          firstFailureS ??= (Date.now() - started) / 1000;
        },
      ),
    );
  }
  await Promise.all(pending);
  const stat = (f: string) => readFileSync(join(cg.path, f), 'utf8');
  const peakMb = Math.round(Number(stat('memory.max_usage_in_bytes')) / 1048576);
  const oomKills = Number(/oom_kill (\d+)/.exec(stat('memory.oom_control'))?.[1] ?? 0);
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => child.on('exit', r));
  cg.remove();
  const count = (re: RegExp) => log.match(re)?.length ?? 0;
  return {
    name: c.name,
    ok,
    failed,
    firstFailureS,
    heapOoms: count(/JavaScript heap out of memory/g),
    killed: count(/was killed by the kernel's OOM killer|was killed by signal SIGKILL/g),
    replaced: count(/above --max-worker-memory/g),
    oomKills,
    peakMb,
    heapLine: /Worker memory: ([^;]*);/.exec(log)?.[1] ?? '',
  };
}

console.log(
  `Leak: ${RATE} MB/s of retained objects for ${SECONDS} s, 2 workers (${DISTRIBUTION}), 512 MB cgroup, Node ${process.version}`,
);
console.log(
  '| case | answered | failed (first at) | worker heap OOMs | kernel OOM kills | replaced past --max-worker-memory | peak cgroup MB |',
);
console.log('|---|---|---|---|---|---|---|');
for (const c of CASES) {
  const r = await runCase(c);
  console.log(
    `| ${r.name} | ${r.ok} | ${r.failed}${r.firstFailureS === null ? '' : ` (${r.firstFailureS.toFixed(0)} s)`} | ${r.heapOoms} | ${r.oomKills} | ${r.replaced} | ${r.peakMb} |`,
  );
  console.error(`  ${r.name}: ${r.heapLine}; SIGKILLed workers ${r.killed}`);
}
