#!/usr/bin/env node
// npm run bench [-- --quick | --rounds N --duration S ...]
// Measures tsicorn's connection distributions (shared listening socket, SO_REUSEPORT per worker,
// master round-robin) against a raw single-process node:http server with the same handler, on
// keep-alive and Connection: close load from wrk, over several rounds of freshly started servers.
// Prints a Markdown report and writes it to docs/bench-results.md. See scripts/bench/*.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineFacts } from './bench/machine.mjs';
import { estimateSeconds, parseArgs, sections } from './bench/plan.mjs';
import { renderReport } from './bench/report.mjs';
import {
  childPids,
  freePort,
  killAll,
  readCounts,
  rssKiB,
  sleep,
  startServer,
  stopServer,
} from './bench/servers.mjs';
import { rotate } from './bench/stats.mjs';
import { findWrk, runWrk, socketErrorCount, WRK_MISSING } from './bench/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APP_DIR = join(ROOT, 'fixtures/bench/hello');
const APP_BODY = 'hello world\n';
const CLI = join(ROOT, 'dist/tsicorn.mjs');
const RAW = join(ROOT, 'scripts/bench/raw-server.mjs');
// The pinned Node 24 when installed (npm scripts put it first on PATH anyway), else this one.
const PINNED_NODE = join(ROOT, 'node_modules/.bin/node');
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;
// The app's counters flush every 200 ms; wait a little longer before reading them.
const COUNT_SETTLE_MS = 450;

function fatal(msg) {
  console.error(msg);
  process.exit(1);
}

function nodeHasReusePort(node) {
  const v = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  const [maj, min] = v.split('.').map(Number);
  return maj > 22 || (maj === 22 && min >= 12);
}

function serverArgv(cand, port) {
  if (cand.kind === 'raw') return [NODE, RAW, 'app.mjs', String(port)];
  return [
    NODE,
    CLI,
    'app',
    '-b',
    `127.0.0.1:${port}`,
    '-w',
    String(cand.workers),
    '--distribution',
    cand.distribution,
  ];
}

/** Requests per worker between two count snapshots -> the busiest worker's share. */
function busiestShare(before, after, workerPids) {
  const deltas = workerPids.map((p) => (after[p] ?? 0) - (before[p] ?? 0));
  const total = deltas.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(...deltas) / total : Number.NaN;
}

/** One fresh server of one candidate: start, idle RSS, warm-up, keep-alive run, close run, stop. */
async function measureOnce({ section, cand, opts, wrk, slot }) {
  const port = await freePort();
  const handle = await startServer({
    name: cand.label,
    argv: serverArgv(cand, port),
    cwd: APP_DIR,
    cpus: section.serverCpus,
    port,
    readyRe: cand.kind === 'raw' ? /^ready$/m : /All \d+ worker\(s\) ready/,
    expectBody: APP_BODY,
  });
  try {
    await sleep(300);
    const workers = cand.kind === 'raw' ? [] : childPids(handle.pid);
    if (cand.kind === 'tsicorn' && workers.length !== cand.workers)
      throw new Error(`expected ${cand.workers} worker(s) under pid ${handle.pid}, found ${workers.length}`);
    slot.rss.master.push(rssKiB(handle.pid));
    slot.rss.worker.push(workers.length ? rssKiB(workers[0]) : Number.NaN);

    const url = `http://127.0.0.1:${port}/`;
    const base = { wrk, url, connections: opts.connections, cpus: section.wrkCpus };
    await runWrk({ ...base, seconds: opts.warmup, close: true });
    for (const [key, close] of [
      ['ka', false],
      ['close', true],
    ]) {
      await sleep(COUNT_SETTLE_MS);
      const before = readCounts(handle);
      const r = await runWrk({ ...base, seconds: opts.duration, close });
      await sleep(COUNT_SETTLE_MS);
      const after = readCounts(handle);
      slot.rps[key].push(r.rps);
      slot.share[key].push(workers.length > 1 ? busiestShare(before, after, workers) : Number.NaN);
      slot.socketErrors += socketErrorCount(r);
      slot.non2xx += r.non2xx;
    }
  } finally {
    await stopServer(handle);
  }
}

const emptySlot = () => ({
  rps: { ka: [], close: [] },
  share: { ka: [], close: [] },
  rss: { master: [], worker: [] },
  socketErrors: 0,
  non2xx: 0,
  failures: [],
});

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) return console.log(opts.help);
  if (opts.error) fatal(opts.error);
  const wrk = findWrk();
  if (!wrk) fatal(WRK_MISSING);
  if (!existsSync(CLI)) fatal(`${CLI} is missing: run \`npm run build\` first.`);

  const cpuCount = availableParallelism();
  const hasReusePort = nodeHasReusePort(NODE);
  const secs = sections({ hasReusePort, cpuCount });
  const facts = await machineFacts({ node: NODE, wrk });
  const startedAt = new Date();
  console.error(
    `tsicorn bench: ${opts.rounds} round(s), ${opts.duration} s per load, Node ${facts.node}, ${cpuCount} CPUs; about ${estimateSeconds(opts, secs)} s`,
  );
  if (!hasReusePort)
    console.error(`  ${facts.node} has no SO_REUSEPORT for net (needs 22.12+): reuseport skipped`);

  const result = {};
  for (const s of secs) result[s.id] = Object.fromEntries(s.candidates.map((c) => [c.id, emptySlot()]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const s of secs) {
      for (const cand of rotate(s.candidates, round)) {
        const slot = result[s.id][cand.id];
        try {
          await measureOnce({ section: s, cand, opts, wrk, slot });
          const last = (k) => Math.round(slot.rps[k].at(-1));
          console.error(`  round ${round + 1} ${s.id} ${cand.id}: ${last('ka')} / ${last('close')} req/s`);
        } catch (e) {
          // Keep the rounds aligned: a failed run counts as missing, not as the next round's value.
          for (const k of ['ka', 'close']) {
            while (slot.rps[k].length <= round) slot.rps[k].push(Number.NaN);
            while (slot.share[k].length <= round) slot.share[k].push(Number.NaN);
          }
          slot.failures.push(`round ${round + 1}: ${e.message}`);
          console.error(`  round ${round + 1} ${s.id} ${cand.id}: FAILED ${e.message}`);
        }
      }
    }
  }

  const elapsedS = (Date.now() - startedAt.getTime()) / 1000;
  const report = renderReport({ facts, opts, secs, result, startedAt, elapsedS });
  console.log(report);
  if (opts.write) {
    const out = join(ROOT, opts.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, report);
    console.error(`written to ${opts.out}`);
  }
  const failed = secs.some((s) => s.candidates.some((c) => result[s.id][c.id].failures.length));
  if (failed) process.exitCode = 1;
}

for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
main().catch((e) => {
  killAll();
  fatal(e.stack ?? String(e));
});
