#!/usr/bin/env node
// Instructions per request: the user-space instructions a serving process executes per request,
// counted by valgrind's callgrind, tsicorn's one worker against a raw node:http process with the
// same handler. Wall clock and CPU time cannot resolve a few per cent on a shared virtual machine
// (two identical raw processes differ by ±15-40 %); instruction counts repeat within ~2 %.
//
// How (docs/hot-path.md): the server runs under `valgrind --tool=callgrind --instr-atstart=no`;
// after a warm-up (WARM_KA keep-alive, then WARM_CLOSE Connection: close requests, uninstrumented)
// instrumentation is switched on for exactly a window of requests of one load (8 connections, one
// request at a time on each; 2000 keep-alive, 8000 Connection: close by default), then the counts
// are dumped. The close window is the longer one because garbage collection is lumpy there: a
// quarter of a close request's count, with an old-generation collection every few thousand
// requests, so a 2000-request window held one or none and two identical raw processes differed by
// up to 6 %; over 8000 they agree within about 1 % (docs/hot-path.md). Keep-alive windows agreed
// as well at 2000 as at 8000, so they stay short: the part's run time is mostly these windows. Two things are taken out, for raw and
// tsicorn alike, because valgrind's ~50-100x slowdown inflates them while the requests do not pay
// them natively:
//   - everything run by libuv's timer phase (uv__run_timers, inclusive): timers fire by the wall
//     clock, so per request they cost ~50-100x more under valgrind than natively (tsicorn's sweep
//     and heartbeat, node:http's Date-header cache and idle-socket checks);
//   - V8's optimizing compilers (TurboFan/Turboshaft, Maglev, their background jobs: symbols
//     matching COMPILER): thousands of requests in, they still compile in the background, a
//     different amount every run.
// What is left is the steady-state cost of a request in user space: Node, V8 (garbage collection
// included), libuv, the server's JavaScript. Kernel work is not in it: syscalls per request are
// counted separately with `strace -c -f` on a native (not valgrind) process over the same kind of window.
//
//   node scripts/bench/instructions.mjs [--rounds N] [--requests N | --ka-requests N --close-requests N]
//                                       [--only raw,tsicorn] [--json]
//
// Also usable from the bench: measureInstructions(options) -> result, renderInstructions(result).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, stop, stopAll } from './cost.mjs';
import { median, summary } from './stats.mjs';
import { commandPath } from './tools.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const APP_FILE = join(ROOT, 'fixtures/bench/app/app.mjs');
const PINNED_NODE = join(ROOT, 'node_modules/.bin/node');
const GUNICORN_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"';
const WARM_KA = 3000;
const WARM_CLOSE = 1000;
const CONNECTIONS = 8;
/** V8's optimizing compilers, by C++ symbol (their work on any thread). */
export const COMPILER =
  /compiler::|maglev|turboshaft|OptimizingCompile|OptimizedCompilationJob|TurbofanCompilationJob/i;
const TIMERS = 'uv__run_timers';
/**
 * Node flags of every serving process, raw and tsicorn alike: the young generation pinned at one
 * size. V8 grows and shrinks it from the allocation rate over time, which valgrind's slowdown and
 * the machine's other load distort: the same build scavenged twice as often in one run as in
 * another (the scavenger's per-collection root walk alone went from 1.3k to 2.7k per keep-alive
 * request), and two identical raw processes differed by ±2.3 %. Pinned, they agreed within
 * ±0.2-0.6 % in two 3-round runs and ±1.1-1.9 % in two others (docs/hot-path.md). 16 MB is inside what Node 24 picks natively (4 MB under keep-alive,
 * up to 64 MB under Connection: close); the flags exist on Node 20 as well.
 */
export const NODE_ARGS = ['--min-semi-space-size=16', '--max-semi-space-size=16'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const CANDIDATES = [
  { id: 'raw', kind: 'raw', label: 'raw node:http (baseline)' },
  { id: 'raw-control', kind: 'raw', label: 'raw node:http, a second fresh process (noise control)' },
  { id: 'tsicorn', kind: 'tsicorn', label: 'tsicorn -w 1 (access log off, the default)' },
  {
    id: 'tsicorn-log',
    kind: 'tsicorn',
    label: "tsicorn -w 1, access log on (Gunicorn's default format, to a file)",
    args: (ctx) => ['--access-logfile', join(ctx.tmp, 'access.log'), '--access-logformat', GUNICORN_FORMAT],
  },
];
export const LOADS = [
  { id: 'ka', label: 'keep-alive', close: false, requests: 2000 },
  { id: 'close', label: 'Connection: close', close: true, requests: 8000 },
];

/** The instrumented window of each load: `requests` is one number for both, or { ka, close }
 * (either may be left out), defaults from LOADS. Pure. */
export function windowsOf(requests) {
  const given = typeof requests === 'number' ? { ka: requests, close: requests } : (requests ?? {});
  return Object.fromEntries(LOADS.map((l) => [l.id, given[l.id] ?? l.requests]));
}

// ---- the load: a minimal client, so that nothing but the server's work is in question ----------

const REQ_KA = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
const REQ_CLOSE = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';

/** Whether `buf` holds one whole response (head plus Content-Length bytes of body). */
function responseEnd(buf) {
  const head = buf.indexOf('\r\n\r\n');
  if (head < 0) return -1;
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(buf.slice(0, head));
  if (!m) throw new Error(`response without Content-Length: ${buf.slice(0, 200)}`);
  const end = head + 4 + Number(m[1]);
  return buf.length >= end ? end : -1;
}
const statusOf = (s) => Number(s.slice(9, 12));

/** `total` keep-alive requests over CONNECTIONS connections, one at a time on each. */
function loadKeepAlive(port, total) {
  let sent = 0;
  let ok = 0;
  const one = () =>
    new Promise((done, fail) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.setNoDelay(true);
      sock.setEncoding('latin1');
      let buf = '';
      const next = () => {
        if (sent >= total) {
          sock.end();
          return done();
        }
        sent++;
        sock.write(REQ_KA);
      };
      sock.on('connect', next);
      sock.on('data', (d) => {
        buf += d;
        for (let end = responseEnd(buf); end >= 0; end = responseEnd(buf)) {
          if (statusOf(buf) === 200) ok++;
          buf = buf.slice(end);
          next();
        }
      });
      sock.on('error', fail);
    });
  return Promise.all(Array.from({ length: CONNECTIONS }, one)).then(() => ok);
}

/** `total` requests each on a connection of its own (Connection: close), CONNECTIONS at a time. */
function loadClose(port, total) {
  let sent = 0;
  let ok = 0;
  const lane = async () => {
    while (sent < total) {
      sent++;
      await new Promise((done, fail) => {
        const sock = net.connect(port, '127.0.0.1');
        sock.setEncoding('latin1');
        let buf = '';
        sock.on('connect', () => sock.write(REQ_CLOSE));
        sock.on('data', (d) => {
          buf += d;
        });
        sock.on('end', () => {
          if (statusOf(buf) === 200) ok++;
          sock.end();
        });
        sock.on('close', done);
        sock.on('error', fail);
      });
    }
  };
  return Promise.all(Array.from({ length: CONNECTIONS }, lane)).then(() => ok);
}

const load = (port, close, n) => (close ? loadClose(port, n) : loadKeepAlive(port, n));

// ---- servers: cost.mjs's (the raw server and tsicorn -w 1, started and stopped alike) ------

function run(cmd, args) {
  return new Promise((ok, fail) =>
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 }, (err, out, errOut) =>
      err ? fail(new Error(`${cmd} ${args.join(' ')}: ${err.message} ${errOut}`)) : ok(out),
    ),
  );
}

// ---- callgrind's output ------------------------------------------------------------------

/**
 * From one callgrind dump (a single event, Ir): the total, the inclusive cost of the calls into
 * `TIMERS` and the self cost of functions matching COMPILER. Pure (text in, numbers out).
 */
export function splitDump(text) {
  const names = new Map();
  const named = (spec) => {
    // "(12) name" defines id 12, "(12)" refers to it, a bare name has no id.
    const m = /^\((\d+)\)(?:\s+(.*))?$/.exec(spec);
    if (!m) return spec;
    if (m[2] !== undefined) names.set(m[1], m[2]);
    return names.get(m[1]) ?? '';
  };
  let total = 0;
  let timers = 0;
  let compiler = 0;
  let fnIsCompiler = false;
  let cfn = '';
  let afterCalls = false;
  for (const line of text.split('\n')) {
    const c = line.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 42) {
      // A cost line: position, then Ir (absent = 0).
      const sp = line.lastIndexOf(' ');
      const ir = sp > 0 ? Number(line.slice(sp + 1)) : 0;
      if (afterCalls) {
        // The inclusive cost of a call: counts towards the callee, not the caller's self cost.
        if (cfn === TIMERS) timers += ir;
        // What a compiler function calls outside the compiler (allocation, hashing) is its cost too.
        else if (fnIsCompiler && !COMPILER.test(cfn)) compiler += ir;
        afterCalls = false;
      } else if (fnIsCompiler) compiler += ir;
      continue;
    }
    if (line.startsWith('fn=')) {
      fnIsCompiler = COMPILER.test(named(line.slice(3)));
      // A compiler function's time inside the timer phase is already out with the timers.
    } else if (line.startsWith('cfn=')) cfn = named(line.slice(4));
    else if (line.startsWith('calls=')) afterCalls = true;
    else if (line.startsWith('totals:') || line.startsWith('summary:')) total = Number(line.split(/\s+/)[1]);
  }
  return { total, timers, compiler };
}

/** The newest dump callgrind wrote for `pid` in `dir` after `before` existed. */
function newDump(dir, pid, before) {
  const files = readdirSync(dir).filter((f) => f.startsWith(`cg.${pid}.`) && !before.includes(f));
  if (files.length !== 1)
    throw new Error(`expected one new callgrind dump for ${pid}, found ${files.length}`);
  return join(dir, files[0]);
}

/** One fresh server under callgrind: warm up, then per load one instrumented window. */
async function measureOnce(cand, ctx) {
  const dir = mkdtempSync(join(ctx.tmp, 'cg-'));
  const wrap = [
    'valgrind',
    '--tool=callgrind',
    '--instr-atstart=no',
    '--trace-children=yes',
    '--smc-check=all-non-file',
    `--callgrind-out-file=${dir}/cg.%p`,
    `--log-file=${dir}/vg.%p`,
  ];
  // valgrind starts a process ~20x slower than Node does: no boot timeout, a long wait for ready.
  const h = await startServer(cand, ctx, {
    wrap,
    tsicornArgs: ['--boot-timeout', '0'],
    timeoutMs: 180_000,
    check: false,
  });
  try {
    const pid = String(h.serving);
    const warmKa = await load(h.port, false, WARM_KA);
    const warmClose = await load(h.port, true, WARM_CLOSE);
    if (warmKa !== WARM_KA || warmClose !== WARM_CLOSE)
      throw new Error(
        `${cand.label}: warm-up answered ${warmKa + warmClose} of ${WARM_KA + WARM_CLOSE} with 200`,
      );
    const out = {};
    for (const l of LOADS) {
      await sleep(100);
      const before = readdirSync(dir);
      await run('callgrind_control', ['-z', pid]);
      await run('callgrind_control', ['-i', 'on', pid]);
      const n = ctx.requests[l.id];
      const ok = await load(h.port, l.close, n);
      await run('callgrind_control', ['-d', pid]);
      await run('callgrind_control', ['-i', 'off', pid]);
      const parts = splitDump(readFileSync(newDump(dir, pid, before), 'utf8'));
      out[l.id] = {
        requests: n,
        ok,
        perRequest: (parts.total - parts.timers - parts.compiler) / n,
        timersPerRequest: parts.timers / n,
        compilerPerRequest: parts.compiler / n,
      };
    }
    return out;
  } finally {
    stop(h);
    if (ctx.keep) ctx.log(`  callgrind dumps of ${cand.id}: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** One fresh native server: syscalls per request over a window like the instrumented one. */
async function syscallsOnce(cand, ctx) {
  const h = await startServer(cand, ctx, {
    tsicornArgs: ['--boot-timeout', '0'],
    timeoutMs: 180_000,
    check: false,
  });
  try {
    await load(h.port, false, WARM_KA);
    await load(h.port, true, WARM_CLOSE);
    const out = {};
    for (const l of LOADS) {
      const file = join(ctx.tmp, `strace-${cand.id}-${l.id}`);
      const tracer = spawn('strace', ['-c', '-f', '-o', file, '-p', String(h.serving)], { stdio: 'ignore' });
      // strace attaches before it prints anything; give it a moment to stop every thread.
      await sleep(500);
      await load(h.port, l.close, ctx.requests[l.id]);
      const exited = new Promise((r) => tracer.once('exit', r));
      tracer.kill('SIGINT');
      await exited;
      // The summary's last line: % time, seconds, usecs/call, calls, [errors,] "total".
      const total = /\n\s*100\.00\s+\S+\s+\S+\s+(\d+)\s+(?:\d+\s+)?total/.exec(readFileSync(file, 'utf8'));
      out[l.id] = total ? Number(total[1]) / ctx.requests[l.id] : Number.NaN;
    }
    return out;
  } finally {
    stop(h);
  }
}

/** What is missing to run this part, or null. */
export function missingTools() {
  const need = ['valgrind', 'callgrind_control'].filter((c) => !commandPath(c));
  return need.length ? `not installed: ${need.join(', ')} (Debian: apt-get install valgrind)` : null;
}

/**
 * Rounds of every candidate on fresh processes under callgrind, the order rotated each round, then
 * (strace installed) one native run each for syscalls. Returns
 * { options, rows: { id: { label, ka: { perRequest: [...], ratio: [...], ... }, close, syscalls } } }.
 */
export async function measureInstructions(options = {}) {
  const missing = missingTools();
  if (missing) throw new Error(missing);
  const ctx = {
    node: options.node ?? (existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath),
    cli: options.cli ?? join(ROOT, 'dist/tsicorn.mjs'),
    app: options.app ?? APP_FILE,
    rounds: options.rounds ?? 3,
    requests: windowsOf(options.requests),
    nodeArgs: options.nodeArgs ?? NODE_ARGS,
    tmp: mkdtempSync(join(options.keep ? '/tmp' : tmpdir(), 'tsicorn-instr-')),
    keep: options.keep ?? false,
    log: options.log ?? ((s) => process.stderr.write(`${s}\n`)),
  };
  const cands = options.candidates ?? CANDIDATES;
  const samples = Object.fromEntries(cands.map((c) => [c.id, []]));
  const syscalls = {};
  const k = (x) => `${(x / 1000).toFixed(1)}k`;
  try {
    for (let round = 0; round < ctx.rounds; round++) {
      const order = cands.map((_, i) => cands[(i + round) % cands.length]);
      for (const cand of order) {
        const t0 = Date.now();
        const s = await measureOnce(cand, ctx);
        samples[cand.id][round] = s;
        ctx.log(
          `  instructions round ${round + 1} ${cand.id}: ${k(s.ka.perRequest)} / ${k(s.close.perRequest)} per request (keep-alive / close), ${Math.round((Date.now() - t0) / 1000)} s`,
        );
      }
    }
    if (commandPath('strace') && options.syscalls !== false)
      for (const cand of cands) {
        syscalls[cand.id] = await syscallsOnce(cand, ctx);
        ctx.log(
          `  syscalls ${cand.id}: ${syscalls[cand.id].ka.toFixed(2)} / ${syscalls[cand.id].close.toFixed(2)} per request`,
        );
      }
  } finally {
    if (!ctx.keep) rmSync(ctx.tmp, { recursive: true, force: true });
  }
  const { log: _log, tmp: _tmp, keep: _keep, ...shown } = ctx;
  return {
    options: { ...shown, connections: CONNECTIONS, warmKa: WARM_KA, warmClose: WARM_CLOSE },
    rows: instructionRows(cands, samples, syscalls),
  };
}

/** Per candidate and load: instructions per request per round and the ratio to the first
 * candidate's (the baseline) in the same round. Pure. */
export function instructionRows(cands, samples, syscalls = {}) {
  const rows = {};
  const base = samples[cands[0].id];
  for (const cand of cands) {
    const row = { label: cand.label, failed: 0 };
    for (const l of LOADS) {
      const s = samples[cand.id];
      row[l.id] = {
        perRequest: s.map((x) => x[l.id].perRequest),
        ratio: s.map((x, i) => x[l.id].perRequest / base[i][l.id].perRequest),
        timers: s.map((x) => x[l.id].timersPerRequest),
        compiler: s.map((x) => x[l.id].compilerPerRequest),
        syscalls: syscalls[cand.id]?.[l.id] ?? Number.NaN,
      };
      row.failed += s.reduce((a, x) => a + (x[l.id].requests - x[l.id].ok), 0);
    }
    rows[cand.id] = row;
  }
  return rows;
}

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const kilo = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(1)}k` : 'n/a');

/** "2000 keep-alive and 8000 Connection: close requests" (or "N requests" when both are N). */
function windowText(requests) {
  const w = windowsOf(requests);
  if (w.ka === w.close) return `${w.ka} requests`;
  return `${LOADS.map((l) => `${w[l.id]} ${l.label}`).join(' and ')} requests`;
}

/** Markdown for a measureInstructions result. */
export function renderInstructions(result) {
  const { options: o, rows } = result;
  const lines = [
    `User-space instructions per request (valgrind callgrind), hello world, ${o.rounds} round(s) of fresh processes; per load a window of exactly ${windowText(o.requests)} (${o.connections} connections, one request at a time on each) after ${o.warmKa} keep-alive and ${o.warmClose} Connection: close requests of warm-up${o.nodeArgs?.length ? `, every server started with \`${o.nodeArgs.join(' ')}\` (V8 sizes its young generation from the allocation rate over time, which valgrind distorts; pinned, two identical processes agree far more closely)` : ''}. Counted: every instruction the serving process runs in user space in that window, on every thread (Node, V8 and its garbage collector, libuv, the server's JavaScript). Not counted: kernel time (the syscalls column counts the calls, from \`strace -c -f\` on a native process), work run from libuv's timer phase and V8's optimizing compilers: under valgrind a process runs ~50-100x slower while timers still fire by the clock and the JIT still compiles in the background, so both would be inflated far beyond their native cost. They are taken out of every row alike. Ratio = ÷ the raw baseline of the same round, median (min–max); 1.03 here is the 0.97x throughput goal on one core.`,
    '',
    '| candidate | keep-alive instr/req | ratio | syscalls/req | Connection: close instr/req | ratio | syscalls/req | failed |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of Object.values(rows)) {
    const cell = (l) => {
      const r = summary(row[l].ratio);
      const sp = r.n > 1 ? ` (${f2(r.min)}–${f2(r.max)})` : '';
      const sc = Number.isFinite(row[l].syscalls) ? row[l].syscalls.toFixed(2) : 'n/a';
      return `${kilo(median(row[l].perRequest))} | **${f2(r.median)}**${sp} | ${sc}`;
    };
    lines.push(`| ${row.label} | ${cell('ka')} | ${cell('close')} | ${row.failed} |`);
  }
  const t = rows.tsicorn;
  if (t)
    lines.push(
      '',
      `Taken out of tsicorn's counts (median per request, keep-alive / close): timer phase ${kilo(median(t.ka.timers))} / ${kilo(median(t.close.timers))}, optimizing compiler ${kilo(median(t.ka.compiler))} / ${kilo(median(t.close.compiler))}.`,
    );
  return lines.join('\n');
}

function parseCli(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${a} needs a whole number of at least 1`);
      return v;
    };
    if (a === '--rounds') opts.rounds = num();
    else if (a === '--requests') opts.requests = num();
    else if (a === '--ka-requests') opts.requests = { ...windowsOf(opts.requests), ka: num() };
    else if (a === '--close-requests') opts.requests = { ...windowsOf(opts.requests), close: num() };
    else if (a === '--cli') opts.cli = argv[++i];
    else if (a === '--no-syscalls') opts.syscalls = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--only') {
      const ids = argv[++i].split(',');
      opts.candidates = CANDIDATES.filter((c) => ids.includes(c.id));
    } else if (a === '--json') opts.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(sig, () => {
      stopAll();
      process.exit(130);
    });
  const opts = parseCli(process.argv.slice(2));
  const result = await measureInstructions(opts);
  console.log(opts.json ? JSON.stringify(result, null, 2) : renderInstructions(result));
}
