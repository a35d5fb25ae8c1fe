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
import { CLK_TCK, foreignTicks, waitForQuiet } from './bench/quiet.mjs';
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
const CPUS = availableParallelism();
// A measured run during which other processes used more than this share of all CPUs is redone.
const FOREIGN_LIMIT = 0.05;
const RETRIES = 2;
// ...and the whole bench re-measures at most this many times, so a busy machine cannot stretch it forever.
const MAX_TOTAL_RETRIES = 12;

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

/**
 * One fresh server of one candidate: start, idle RSS, warm-up, keep-alive run, close run, stop.
 * Returns the sample, with `foreign`: the largest share of the machine's CPU that processes other
 * than the server and wrk used during either measured run.
 */
async function measureOnce({ section, cand, opts, wrk, noise }) {
  const quiet = async () => {
    const q = await waitForQuiet();
    noise.checks++;
    noise.waitedMs += q.waitedMs;
    if (!q.quiet) noise.noisy++;
    if (q.idle < noise.minIdle) noise.minIdle = q.idle;
  };
  await quiet();
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
  const sample = { rps: {}, share: {}, rss: {}, socketErrors: 0, non2xx: 0, foreign: 0 };
  try {
    await sleep(300);
    const workers = cand.kind === 'raw' ? [] : childPids(handle.pid);
    if (cand.kind === 'tsicorn' && workers.length !== cand.workers)
      throw new Error(`expected ${cand.workers} worker(s) under pid ${handle.pid}, found ${workers.length}`);
    sample.rss.master = rssKiB(handle.pid);
    sample.rss.worker = workers.length ? rssKiB(workers[0]) : Number.NaN;
    const ours = new Set([handle.pid, ...workers]);

    const url = `http://127.0.0.1:${port}/`;
    const base = { wrk, url, connections: opts.connections, cpus: section.wrkCpus };
    await runWrk({ ...base, seconds: opts.warmup, close: false });
    await runWrk({ ...base, seconds: 1, close: true });
    for (const [key, close] of [
      ['ka', false],
      ['close', true],
    ]) {
      await sleep(COUNT_SETTLE_MS);
      await quiet();
      const before = readCounts(handle);
      const t0 = Date.now();
      const f0 = foreignTicks(ours);
      const r = await runWrk({ ...base, seconds: opts.duration, close });
      const foreign = (foreignTicks(ours) - f0) / (((Date.now() - t0) / 1000) * CLK_TCK * CPUS);
      await sleep(COUNT_SETTLE_MS);
      const after = readCounts(handle);
      sample.rps[key] = r.rps;
      sample.share[key] = workers.length > 1 ? busiestShare(before, after, workers) : Number.NaN;
      sample.socketErrors += socketErrorCount(r);
      sample.non2xx += r.non2xx;
      sample.foreign = Math.max(sample.foreign, foreign);
    }
  } finally {
    await stopServer(handle);
  }
  return sample;
}

/** Records a sample (or a failed round as missing values, keeping the rounds aligned). */
function record(slot, sample) {
  for (const k of ['ka', 'close']) {
    slot.rps[k].push(sample ? sample.rps[k] : Number.NaN);
    slot.share[k].push(sample ? sample.share[k] : Number.NaN);
  }
  if (!sample) return;
  slot.rss.master.push(sample.rss.master);
  slot.rss.worker.push(sample.rss.worker);
  slot.socketErrors += sample.socketErrors;
  slot.non2xx += sample.non2xx;
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

  const cpuCount = CPUS;
  const hasReusePort = nodeHasReusePort(NODE);
  const secs = sections({ hasReusePort, cpuCount });
  const facts = await machineFacts({ node: NODE, wrk });
  const startedAt = new Date();
  console.error(
    `tsicorn bench: ${opts.rounds} round(s), ${opts.duration} s per load, Node ${facts.node}, ${cpuCount} CPUs; about ${estimateSeconds(opts, secs)} s`,
  );
  if (!hasReusePort)
    console.error(`  ${facts.node} has no SO_REUSEPORT for net (needs 22.12+): reuseport skipped`);

  const noise = { checks: 0, noisy: 0, waitedMs: 0, minIdle: 1, retries: 0, keptBusy: 0 };
  const result = {};
  for (const s of secs) result[s.id] = Object.fromEntries(s.candidates.map((c) => [c.id, emptySlot()]));
  // The first server of a run measured low every time here, whatever it was (a machine coming out
  // of idle): one throwaway raw server under load first, so no candidate pays for it.
  await measureOnce({
    section: secs[0],
    cand: secs[0].candidates[0],
    opts: { ...opts, duration: 1 },
    wrk,
    noise,
  });
  for (let round = 0; round < opts.rounds; round++) {
    for (const s of secs) {
      for (const cand of rotate(s.candidates, round)) {
        const slot = result[s.id][cand.id];
        try {
          // Another process taking a noticeable share of the CPUs mid-run spoils the sample:
          // measure again on a fresh server, a bounded number of times, and count what is kept.
          let sample;
          for (let attempt = 0; ; attempt++) {
            sample = await measureOnce({ section: s, cand, opts, wrk, noise });
            if (sample.foreign <= FOREIGN_LIMIT) break;
            if (attempt >= RETRIES || noise.retries >= MAX_TOTAL_RETRIES) {
              noise.keptBusy++;
              break;
            }
            noise.retries++;
            console.error(
              `  round ${round + 1} ${s.id} ${cand.id}: other processes used ${Math.round(sample.foreign * 100)} % of the CPUs, measuring again`,
            );
          }
          record(slot, sample);
          console.error(
            `  round ${round + 1} ${s.id} ${cand.id}: ${Math.round(sample.rps.ka)} / ${Math.round(sample.rps.close)} req/s`,
          );
        } catch (e) {
          record(slot, null);
          slot.failures.push(`round ${round + 1}: ${e.message}`);
          console.error(`  round ${round + 1} ${s.id} ${cand.id}: FAILED ${e.message}`);
        }
      }
    }
  }

  const elapsedS = (Date.now() - startedAt.getTime()) / 1000;
  const report = renderReport({ facts, opts, secs, result, startedAt, elapsedS, noise });
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
