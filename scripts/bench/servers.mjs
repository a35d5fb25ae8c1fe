// Starting and stopping the servers under test, and reading facts off their processes
// (pids, VmRSS, per-process request counts). Each server runs in its own process group so a
// failed stop can still take down the whole tree.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set();

/** Kills every server still running (used on errors and Ctrl-C). */
export function killAll() {
  for (const s of live) {
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {}
  }
  live.clear();
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

/**
 * Spawns `argv` (under `taskset -c cpus` when given) in `cwd`, and waits until `readyRe` shows on
 * stderr and one GET answers 200 with `expectBody`. Returns a handle; throws with the log tail
 * when the server exits or is not ready within `timeoutMs`.
 */
export async function startServer({ name, argv, cwd, cpus, port, readyRe, expectBody, timeoutMs = 20000 }) {
  const countDir = mkdtempSync(join(tmpdir(), 'tsicorn-bench-'));
  const [cmd, args] = cpus ? ['taskset', ['-c', cpus, ...argv]] : [argv[0], argv.slice(1)];
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, BENCH_COUNT_DIR: countDir },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => {
    log += d;
    if (log.length > 200000) log = log.slice(-100000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve(sig ?? code)));
  const handle = { name, pid: child.pid, child, port, countDir, exited, log: () => log };
  live.add(handle);
  const deadline = Date.now() + timeoutMs;
  let gone = null;
  exited.then((r) => {
    gone = r;
  });
  while (!readyRe.test(log)) {
    if (gone !== null) return fail(handle, `exited (${gone}) before it was ready`);
    if (Date.now() > deadline) return fail(handle, `not ready after ${timeoutMs / 1000} s`);
    await sleep(25);
  }
  const check = await get(port).catch((e) => ({ status: 0, body: String(e.message) }));
  if (check.status !== 200 || check.body !== expectBody)
    return fail(handle, `answered ${check.status} ${JSON.stringify(check.body.slice(0, 80))} to GET /`);
  return handle;
}

async function fail(handle, why) {
  await stopServer(handle);
  const tail = handle.log().trim().split('\n').slice(-15).join('\n');
  throw new Error(`${handle.name} ${why}; its log ends:\n${tail}`);
}

/** SIGTERM to the server, SIGKILL to its group when it has not exited after `graceMs`. */
export async function stopServer(handle, graceMs = 8000) {
  if (!live.has(handle)) return;
  try {
    process.kill(handle.pid, 'SIGTERM');
  } catch {}
  const r = await Promise.race([handle.exited, sleep(graceMs).then(() => 'timeout')]);
  try {
    // Whatever is left of the group (a worker that outlived its master would skew the next run).
    process.kill(-handle.pid, 'SIGKILL');
  } catch {}
  live.delete(handle);
  rmSync(handle.countDir, { recursive: true, force: true });
  return r;
}

/** One GET / on a fresh connection that is closed afterwards (nothing left open in the server). */
export function get(port) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/', agent: false, headers: { connection: 'close' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('GET / timed out')));
    req.on('error', reject);
  });
}

/** Direct children of pid (tsicorn workers are direct children of the master). */
export function childPids(pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
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

/** Requests answered so far per process, as the bench app reports them: { pid: count }. */
export function readCounts(handle) {
  const out = {};
  for (const f of readdirSync(handle.countDir)) {
    const n = Number(readFileSync(join(handle.countDir, f), 'utf8'));
    if (Number.isFinite(n)) out[f] = n;
  }
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
