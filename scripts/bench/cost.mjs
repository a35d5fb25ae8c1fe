#!/usr/bin/env node
// Per-request CPU cost: how much CPU time a serving process spends per request, tsicorn's one
// worker against a raw node:http process with the same handler, both pinned to one core with wrk
// on the other. Requests per second swing by ±15 % between identical processes on a busy machine;
// CPU time per request (the process's own run time from /proc/<pid>/task/*/schedstat, in ns, over
// every thread: the event loop, libuv's pool, V8's GC helpers) hardly moves with other load, since
// time the process waits for the CPU is not counted. cost ratio = tsicorn ÷ raw in the same round;
// 1 / ratio is the throughput ratio the two would reach on a core of their own.
//
//   node scripts/bench/cost.mjs [--rounds N] [--seconds S] [--connections C] [--json]
//   node scripts/bench/cost.mjs --serve-raw APP_FILE PORT     (the raw baseline server itself)
//
// Also usable from the bench: measureCost(options) -> result, renderCost(result) -> Markdown.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './stats.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const APP_FILE = ['fixtures/bench/app/app.mjs', 'fixtures/bench/hello/app.mjs']
  .map((f) => join(ROOT, f))
  .find((f) => existsSync(f));
const PINNED_NODE = join(ROOT, 'node_modules/.bin/node');
/** Gunicorn's default access-log format, the "access log on" row. */
const GUNICORN_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the raw baseline: node:http around the app, nothing else ------------------------------

async function serveRaw(file, port) {
  const mod = await import(pathToFileURL(resolve(file)).href);
  const server = http.createServer(mod.default);
  server.listen(Number(port), '127.0.0.1', () => process.stderr.write('ready\n'));
  process.on('SIGTERM', () => process.exit(0));
}

// ---- processes and their CPU time --------------------------------------------------------

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** CPU time (ns) the process has run so far, all threads; NaN when it is gone. */
export function cpuNs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns;
  } catch {
    return Number.NaN;
  }
}

function childPids(pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function get(port) {
  return new Promise((ok) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode));
    });
    req.on('error', () => ok(0));
  });
}

/**
 * Starts a server and resolves once it is ready, with { child, port, serving, master }: the raw
 * server (this file with --serve-raw) or tsicorn -w 1 with the candidate's args. Options for the
 * instructions part (./instructions.mjs): `wrap` goes before the command (taskset, valgrind),
 * a candidate's own `cli` (another build of tsicorn, to compare two) replaces ctx.cli,
 * `tsicornArgs` after tsicorn's own, `timeoutMs` bounds the wait, `check` asks for one GET / first.
 */
export async function startServer(
  cand,
  ctx,
  { wrap = [], tsicornArgs = [], timeoutMs = 20000, check = true } = {},
) {
  const port = await freePort();
  const argv = [
    ...wrap,
    ctx.node,
    // Node/V8 flags for the serving process (the instructions part's young-generation size);
    // tsicorn's master hands its own to its workers.
    ...(ctx.nodeArgs ?? []),
    ...(cand.kind === 'raw'
      ? [SELF, '--serve-raw', ctx.app, String(port)]
      : [
          cand.cli ?? ctx.cli,
          'app',
          '-w',
          '1',
          '-b',
          `127.0.0.1:${port}`,
          ...tsicornArgs,
          ...(cand.args?.(ctx) ?? []),
        ]),
  ];
  const child = spawn(argv[0], argv.slice(1), {
    cwd: join(ctx.app, '..'),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const handle = { child };
  live.add(handle);
  let log = '';
  child.stderr.on('data', (d) => {
    log = (log + d).slice(-20000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const readyRe = cand.kind === 'raw' ? /^ready$/m : /All 1 worker\(s\) ready/;
  const deadline = Date.now() + timeoutMs;
  while (!readyRe.test(log)) {
    if (exited || Date.now() > deadline) {
      stop(handle);
      throw new Error(`${cand.label} did not start:\n${log.slice(-2000)}`);
    }
    await sleep(20);
  }
  if (check && (await get(port)) !== 200) {
    stop(handle);
    throw new Error(`${cand.label}: GET / did not answer 200`);
  }
  // A wrapper that execs (taskset, valgrind) keeps the pid: the raw server is the child itself.
  const serving = cand.kind === 'raw' ? child.pid : childPids(child.pid)[0];
  if (!serving) {
    stop(handle);
    throw new Error(`${cand.label}: no worker found under ${child.pid}`);
  }
  handle.port = port;
  handle.serving = serving;
  handle.master = cand.kind === 'raw' ? null : child.pid;
  return handle;
}

/** Servers running now (each in its own process group), for stop() and for Ctrl-C. */
const live = new Set();

export function stop(h) {
  live.delete(h);
  try {
    process.kill(-h.child.pid, 'SIGKILL');
  } catch {}
}

/** Stops every server this module started (the bench calls it on Ctrl-C too). */
export function stopAll() {
  for (const h of [...live]) stop(h);
}

function wrk({ port, seconds, connections, close, cpus }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s'];
  if (close) args.push('-H', 'Connection: close');
  args.push(`http://127.0.0.1:${port}/`);
  const [cmd, argv] = cpus ? ['taskset', ['-c', cpus, 'wrk', ...args]] : ['wrk', args];
  return new Promise((ok, fail) => {
    execFile(cmd, argv, { encoding: 'utf8' }, (err, out) => {
      const total = /(\d+) requests in/.exec(out ?? '');
      if (err || !total) return fail(new Error(`wrk failed: ${err?.message ?? out}`));
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
      ok({
        requests: Number(total[1]),
        errors: (errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0) + (non2xx ? +non2xx[1] : 0),
      });
    });
  });
}

/** One fresh server: warm up, then per load the CPU it spent per answered request. */
async function measureOnce(cand, ctx) {
  const h = await startServer(cand, ctx, { wrap: ctx.serverCpus ? ['taskset', '-c', ctx.serverCpus] : [] });
  try {
    const base = { port: h.port, connections: ctx.connections, cpus: ctx.wrkCpus };
    // JIT warm-up on both loads, so the measured runs see optimised code.
    await wrk({ ...base, seconds: ctx.warmup, close: false });
    await wrk({ ...base, seconds: 1, close: true });
    const out = {};
    for (const [key, close] of [
      ['ka', false],
      ['close', true],
    ]) {
      await sleep(200);
      const c0 = cpuNs(h.serving);
      const m0 = h.master ? cpuNs(h.master) : 0;
      const r = await wrk({ ...base, seconds: ctx.seconds, close });
      const c1 = cpuNs(h.serving);
      const m1 = h.master ? cpuNs(h.master) : 0;
      out[key] = {
        requests: r.requests,
        errors: r.errors,
        usPerRequest: (c1 - c0) / 1000 / r.requests,
        masterUsPerRequest: h.master ? (m1 - m0) / 1000 / r.requests : 0,
      };
    }
    return out;
  } finally {
    stop(h);
  }
}

export const CANDIDATES = [
  { id: 'raw', kind: 'raw', label: 'raw node:http (baseline)' },
  { id: 'raw-control', kind: 'raw', label: 'raw node:http, a second fresh process (noise control)' },
  { id: 'tsicorn', kind: 'tsicorn', label: 'tsicorn -w 1 (access log off, the default)' },
  {
    id: 'tsicorn-log',
    kind: 'tsicorn',
    label: "tsicorn -w 1 --access-logfile FILE (Gunicorn's default format)",
    args: (ctx) => ['--access-logfile', join(ctx.tmp, 'access.log'), '--access-logformat', GUNICORN_FORMAT],
  },
  {
    // Issue 12: what collecting figures costs. --metrics-interval switches on the worker's
    // event-loop-delay sampler and GC observer (off while no metrics output reports them) and the
    // master's sample# line, every second here: the most a user can ask for.
    id: 'tsicorn-metrics',
    kind: 'tsicorn',
    label:
      'tsicorn -w 1 --metrics-interval 1 (loop-delay sampler and GC observer on, sample# line every second)',
    args: () => ['--metrics-interval', '1'],
  },
];

/**
 * Rounds of every candidate on fresh processes, the order rotated each round. Returns
 * { options, rows: { id: { label, ka: {us: [...], ratio: [...]}, close: {...}, errors } } }.
 */
export async function measureCost(options = {}) {
  const cpus = availableParallelism();
  const ctx = {
    node: options.node ?? (existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath),
    cli: options.cli ?? join(ROOT, 'dist/tsicorn.mjs'),
    app: options.app ?? APP_FILE,
    rounds: options.rounds ?? 5,
    seconds: options.seconds ?? 3,
    warmup: options.warmup ?? 2,
    connections: options.connections ?? 32,
    serverCpus: cpus >= 2 ? '1' : null,
    wrkCpus: cpus >= 2 ? '0' : null,
    tmp: mkdtempSync(join(tmpdir(), 'tsicorn-cost-')),
    log: options.log ?? ((s) => process.stderr.write(`${s}\n`)),
  };
  const cands = options.candidates ?? CANDIDATES;
  const samples = Object.fromEntries(cands.map((c) => [c.id, []]));
  try {
    for (let round = 0; round < ctx.rounds; round++) {
      const order = cands.map((_, i) => cands[(i + round) % cands.length]);
      for (const cand of order) {
        const s = await measureOnce(cand, ctx);
        samples[cand.id][round] = s;
        ctx.log(
          `  cost round ${round + 1} ${cand.id}: ${s.ka.usPerRequest.toFixed(2)} / ${s.close.usPerRequest.toFixed(2)} µs CPU per request`,
        );
      }
    }
  } finally {
    rmSync(ctx.tmp, { recursive: true, force: true });
  }
  const { log: _log, tmp: _tmp, ...shown } = ctx;
  return { options: shown, rows: costRows(cands, samples) };
}

/** Per candidate and load: µs per request per round, and its ratio to the first candidate's
 * (the baseline) in the same round. Pure. */
export function costRows(cands, samples) {
  const rows = {};
  const base = samples[cands[0].id];
  for (const cand of cands) {
    const row = { label: cand.label, errors: 0 };
    for (const load of ['ka', 'close']) {
      const us = samples[cand.id].map((s) => s[load].usPerRequest);
      const ratio = samples[cand.id].map((s, i) => s[load].usPerRequest / base[i][load].usPerRequest);
      const master = samples[cand.id].map((s) => s[load].masterUsPerRequest);
      row[load] = { us, ratio, master, requests: samples[cand.id].map((s) => s[load].requests) };
      row.errors += samples[cand.id].reduce((a, s) => a + s[load].errors, 0);
    }
    rows[cand.id] = row;
  }
  return rows;
}

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const spread = (xs) => {
  const s = xs.filter(Number.isFinite);
  return s.length > 1 ? ` (${f2(Math.min(...s))}–${f2(Math.max(...s))})` : '';
};

/** Markdown for a measureCost result. */
export function renderCost(result) {
  const { options: o, rows } = result;
  const lines = [
    `Per-request CPU cost, ${o.rounds} rounds of fresh processes, ${o.seconds} s per load after ${o.warmup} s of warm-up, ${o.connections} connections, server ${o.serverCpus ? `pinned to CPU ${o.serverCpus}, wrk to CPU ${o.wrkCpus}` : 'unpinned'}. µs = CPU time of the serving process (all its threads) per answered request, median over rounds; ratio = ÷ the raw baseline of the same round, median (min–max). A ratio of 1.03 is the 0.97x throughput goal.`,
    '',
    '| candidate | keep-alive µs/req | ratio | Connection: close µs/req | ratio | errors |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of Object.values(rows)) {
    const cell = (l) => `${f2(median(row[l].us))} | **${f2(median(row[l].ratio))}**${spread(row[l].ratio)}`;
    lines.push(`| ${row.label} | ${cell('ka')} | ${cell('close')} | ${row.errors} |`);
  }
  const t = rows.tsicorn;
  if (t) {
    const m = (l) => f2(median(t[l].master));
    lines.push(
      '',
      `tsicorn's master meanwhile: ${m('ka')} / ${m('close')} µs per request (keep-alive / close): it never touches a request.`,
    );
  }
  return lines.join('\n');
}

function parseCli(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--rounds') opts.rounds = num();
    else if (a === '--seconds') opts.seconds = num();
    else if (a === '--warmup') opts.warmup = num();
    else if (a === '--connections') opts.connections = num();
    else if (a === '--node') opts.node = argv[++i];
    else if (a === '--cli') opts.cli = argv[++i];
    else if (a === '--only') {
      const ids = argv[++i].split(',');
      opts.candidates = CANDIDATES.filter((c) => ids.includes(c.id));
    } else if (a === '--json') opts.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  if (process.argv[2] === '--serve-raw') await serveRaw(process.argv[3], process.argv[4]);
  else {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
      process.on(sig, () => {
        stopAll();
        process.exit(130);
      });
    const opts = parseCli(process.argv.slice(2));
    const result = await measureCost(opts);
    console.log(opts.json ? JSON.stringify(result, null, 2) : renderCost(result));
  }
}
