// Starting and stopping the servers under test (and the helper commands aimed at them, such as
// `pm2 reload`), and reading facts off their processes: the process tree, VmRSS, per-process
// request counts. Each server runs in its own process group with a private temp dir, so a failed
// stop, an error or Ctrl-C can still take down the whole tree and leave nothing behind.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isReady } from './peers.mjs';

const live = new Set();

/** Start time of pid in clock ticks since boot (/proc/<pid>/stat field 22), or null when it is gone. */
function startTime(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return null;
  }
}

/**
 * Every process the bench starts carries BENCH_RUN=<bench pid>-<its start time> in its environment:
 * whoever started the bench can check that none is left once it has exited, and the next run can
 * tell the leftovers of a bench that was killed outright (SIGKILL runs no cleanup) from those of a
 * bench still running.
 */
export const RUN_ID = `${process.pid}-${startTime(process.pid)}`;

/**
 * Stops what benches that no longer run left behind (they were SIGKILLed: a PM2 daemon keeps
 * restarting its workers forever) and removes their temp dirs. Returns how many processes.
 */
export function reapOrphans() {
  let n = 0;
  // Again until a pass finds nothing: a daemon may fork a new worker while the scan passes by.
  for (let pass = 0, found = 1; found && pass < 5; pass++) {
    found = reapPass();
    n += found;
  }
  return n;
}

function reapPass() {
  let n = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    let env;
    try {
      env = readFileSync(`/proc/${d}/environ`, 'latin1').split('\0');
    } catch {
      continue;
    }
    const run = env.find((e) => e.startsWith('BENCH_RUN='))?.slice('BENCH_RUN='.length);
    const m = /^(\d+)-(\d+)$/.exec(run ?? '');
    if (!m || run === RUN_ID || startTime(Number(m[1])) === m[2]) continue;
    // Only servers whose temp dir is under this run's temp root: a bench run with its own TMPDIR
    // (the tests do) leaves everyone else's alone.
    const counts = env.find((e) => e.startsWith('BENCH_COUNT_DIR='))?.slice('BENCH_COUNT_DIR='.length);
    const dir = counts ? dirname(counts) : '';
    if (dirname(dir) !== tmpdir() || !basename(dir).startsWith('tsicorn-bench-')) continue;
    try {
      process.kill(Number(d), 'SIGKILL');
      n++;
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
  return n;
}

/** Kills every process group still running and removes their temp dirs (errors and Ctrl-C). Sync. */
export function killAll() {
  for (const s of live) {
    try {
      process.kill(s.single ? s.pid : -s.pid, 'SIGKILL');
    } catch {}
    if (s.tmp) rmSync(s.tmp, { recursive: true, force: true });
  }
  live.clear();
}

/**
 * Tracks a short-lived child that stays in the bench's own process group (wrk) until it exits,
 * so killAll takes it down too when the bench is interrupted by a signal sent to it alone.
 */
export function trackChild(child) {
  const entry = { pid: child.pid, single: true };
  live.add(entry);
  child.once('exit', () => live.delete(entry));
}

// A copy of lib/server/free-port.ts: the bench also runs on Node 20 (`node scripts/bench.mjs`, and
// test/bench spawns it with the test's Node), which cannot import TypeScript.
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Spawns argv in its own process group (under `taskset -c cpus` when given), tracked for killAll. */
function spawnTracked({ argv, cwd, env, cpus, tmp, cleanEnv = false }) {
  const [cmd, args] = cpus ? ['taskset', ['-c', cpus, ...argv]] : [argv[0], argv.slice(1)];
  const child = spawn(cmd, args, {
    cwd,
    env: { ...(cleanEnv ? {} : process.env), ...env, BENCH_RUN: RUN_ID },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const onData = (d) => {
    log += d;
    if (log.length > 200000) log = log.slice(-100000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve(sig ?? code)));
  const handle = { pid: child.pid, child, exited, tmp, log: () => log };
  live.add(handle);
  return handle;
}

/**
 * Runs a short command (such as `pm2 reload all`) to completion, tracked like a server.
 * Resolves { code, log }; kills its group after `timeoutMs`. `cleanEnv`: only `env` (and the
 * run marker), nothing inherited.
 */
export async function runTracked({ argv, env, cwd, timeoutMs = 30000, cleanEnv = false }) {
  const h = spawnTracked({ argv, env, cwd, cleanEnv });
  const code = await orTimeout(h.exited, timeoutMs);
  try {
    process.kill(-h.pid, 'SIGKILL');
  } catch {}
  live.delete(h);
  return { code, log: h.log() };
}

/**
 * Spawns the server a launch spec (peers.mjs) describes, `specFor(tmp)` given the server's private
 * temp dir, and returns its handle at once (start-up timing polls it itself).
 */
export function launch({ name, specFor, cpus, port }) {
  const tmp = mkdtempSync(join(tmpdir(), 'tsicorn-bench-'));
  const countDir = join(tmp, 'counts');
  mkdirSync(countDir);
  const spec = specFor(tmp);
  for (const [path, text] of Object.entries(spec.files ?? {})) writeFileSync(path, text);
  const h = spawnTracked({
    argv: spec.argv,
    cwd: spec.cwd,
    env: { ...spec.env, BENCH_COUNT_DIR: countDir },
    cpus,
    tmp,
  });
  return Object.assign(h, { name, port, countDir, spec });
}

/**
 * Launches a server and waits until its log says ready, as many processes as `workers` have
 * loaded the app, and one GET of `check.path` answers 200 with `check.body`. Returns the handle;
 * throws with the log tail when the server exits or is not ready within `timeoutMs`.
 */
export async function startServer({ name, specFor, cpus, port, workers, check, timeoutMs = 30000 }) {
  const handle = launch({ name, specFor, cpus, port });
  const deadline = Date.now() + timeoutMs;
  let gone = null;
  handle.exited.then((r) => {
    gone = r;
  });
  while (!(isReady(handle.spec, handle.log()) && servingPids(handle).length >= workers)) {
    if (gone !== null) return fail(handle, `exited (${gone}) before it was ready`);
    if (Date.now() > deadline)
      return fail(
        handle,
        `not ready after ${timeoutMs / 1000} s (ready lines ${isReady(handle.spec, handle.log()) ? 'seen' : 'missing'}, counts ${JSON.stringify(readCounts(handle))}, tree ${processTree(handle.pid).join(',')})`,
      );
    await sleep(20);
  }
  if (check) {
    const r = await get(port, check.path).catch((e) => ({ status: 0, body: String(e.message) }));
    if (r.status !== 200 || (check.body !== undefined && r.body !== check.body))
      return fail(handle, `answered ${r.status} ${JSON.stringify(r.body.slice(0, 80))} to GET ${check.path}`);
  }
  return handle;
}

async function fail(handle, why) {
  await stopServer(handle);
  const tail = handle.log().trim().split('\n').slice(-15).join('\n');
  throw new Error(`${handle.name} ${why}; its log ends:\n${tail}`);
}

/** SIGTERM to the server, SIGKILL to its group when it has not exited after `graceMs`; temp dir removed. */
export async function stopServer(handle, graceMs = 8000) {
  if (!live.has(handle)) return;
  try {
    process.kill(handle.pid, 'SIGTERM');
  } catch {}
  const r = await orTimeout(handle.exited, graceMs);
  try {
    // Whatever is left of the group (a worker that outlived its master would skew the next run).
    process.kill(-handle.pid, 'SIGKILL');
  } catch {}
  live.delete(handle);
  rmSync(handle.tmp, { recursive: true, force: true });
  return r;
}

/** One GET on a fresh connection that is closed afterwards (nothing left open in the server). */
export function get(port, path = '/', timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

/** { pid: ppid } of every process on the machine, from /proc/<pid>/stat. */
function parents() {
  const out = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      out.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  return out;
}

/** pid and every live descendant of it. */
export function processTree(pid) {
  const pp = parents();
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, parent] of pp)
      if (!tree.has(p) && tree.has(parent)) {
        tree.add(p);
        grew = true;
      }
  }
  return [...tree].filter((p) => pp.has(p));
}

/**
 * The processes that serve: those of the server's tree that loaded the app (it writes a count file
 * as it loads), other than the top process. A single-process server (raw) serves from the top.
 */
export function servingPids(handle) {
  const tree = processTree(handle.pid);
  const counted = Object.keys(readCounts(handle)).map(Number);
  const workers = counted.filter((p) => p !== handle.pid && tree.includes(p));
  return workers.length ? workers : counted.filter((p) => p === handle.pid);
}

/** VmRSS of pid in KiB, from /proc/<pid>/status, or NaN when the process is gone. */
export function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Idle memory of a server: the top process (the master, PM2's daemon), each serving process and
 * the rest of its tree (e.g. taskset is gone by then, but a helper process would show here).
 */
export function memoryOf(handle) {
  const serving = servingPids(handle);
  const tree = processTree(handle.pid);
  const others = tree.filter((p) => p !== handle.pid && !serving.includes(p));
  const single = serving.length === 1 && serving[0] === handle.pid;
  return {
    master: single ? Number.NaN : rssKiB(handle.pid),
    workers: serving.map(rssKiB),
    others: others.map(rssKiB),
  };
}

/** Requests answered so far per serving process, as the bench app reports them: { pid: count }. */
export function readCounts(handle) {
  const out = {};
  for (const f of readdirSync(handle.countDir)) {
    if (!/^\d+$/.test(f)) continue;
    try {
      const text = readFileSync(join(handle.countDir, f), 'utf8');
      // A file being rewritten can read empty: skip it rather than read it as 0.
      if (/^\d+$/.test(text)) out[f] = Number(text);
    } catch {}
  }
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What `promise` resolves to, or 'timeout' after `ms`; the timer never outlives the race. */
function orTimeout(promise, ms) {
  let timer;
  const t = new Promise((r) => {
    timer = setTimeout(r, ms, 'timeout');
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}
