// Spawns real tsicorn processes for tests: free loopback ports, readiness waits, log capture,
// and guaranteed cleanup of the whole process tree (each server runs in its own process group).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { nodeOnPath } from '../../scripts/dyno/host.ts';
import { bundleDir } from './bundles.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The server bundle under test: a fresh build of the sources (test/helpers/bundles.ts), not dist/. */
export const CLI = `${bundleDir()}/tsicorn.mjs`;
/** The Node that runs tsicorn in tests: the runner's own (24 via npm), or the one a project sets. */
export const TEST_NODE = process.env.TSICORN_TEST_NODE ?? process.execPath;
/** [major, minor] of TEST_NODE, for features that depend on it (type stripping, SO_REUSEPORT). */
export const TEST_NODE_VERSION = execFileSync(TEST_NODE, ['-p', 'process.versions.node'], {
  encoding: 'utf8',
})
  .trim()
  .split('.')
  .map(Number) as [number, number, number];

export { freePort } from '../../lib/server/free-port.ts';

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** stdout + stderr as they arrived. */
  output(): string;
  stderr(): string;
  stdout(): string;
  /** Resolves with the first match of `re` in the output, rejecting after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves once the master says every worker is up (its "All N worker(s) ready" line). */
  ready(ms?: number): Promise<void>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited(ms?: number): Promise<number | string>;
  signal(sig: NodeJS.Signals): void;
  kill(): Promise<void>;
}

const live = new Set<Proc>();
/** What the master logs once all its workers serve. */
export const READY_LINE = /All \d+ worker\(s\) ready/;

afterEach(async () => {
  await Promise.all([...live].map((p) => p.kill()));
});

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Node binary; defaults to the test runner's. */
  node?: string;
  /** Run a file other than the CLI bundle. */
  script?: string;
}

/** Start `node <fresh build>/tsicorn.mjs ...args` (or `script`) in its own process group. */
export function spawnTsicorn(args: string[], opts: SpawnOptions = {}): Proc {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) if (v !== undefined) env[k] = v;
  const child = spawn(opts.node ?? TEST_NODE, [opts.script ?? CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exitResult: number | string | undefined;
  const waiters: Array<() => void> = [];
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', (d) => {
    out += d;
    all += d;
    notify();
  });
  child.stderr!.on('data', (d) => {
    err += d;
    all += d;
    notify();
  });
  let all = '';
  const exitPromise = new Promise<number | string>((resolve) => {
    child.on('exit', (code, sig) => {
      exitResult = code ?? sig ?? -1;
      resolve(exitResult);
      notify();
    });
  });
  const proc: Proc = {
    child,
    pid: child.pid!,
    output: () => all,
    stderr: () => err,
    stdout: () => out,
    waitFor(re, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`timed out after ${ms} ms waiting for ${re} in output:\n${all}`));
        }, ms);
        const check = () => {
          const m = all.match(re);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else if (exitResult !== undefined) {
            clearTimeout(timer);
            reject(new Error(`process exited (${exitResult}) before ${re} appeared; output:\n${all}`));
          } else waiters.push(check);
        };
        check();
      });
    },
    async ready(ms = 20_000) {
      await proc.waitFor(READY_LINE, ms);
    },
    exited(ms = 40_000) {
      return Promise.race([
        exitPromise,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`still running after ${ms} ms; output:\n${all}`)), ms).unref(),
        ),
      ]);
    },
    signal(sig) {
      process.kill(child.pid!, sig);
    },
    async kill() {
      live.delete(proc);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      if (exitResult === undefined) await exitPromise;
    },
  };
  live.add(proc);
  return proc;
}

/** One request on a fresh connection (no pooling, so successive calls may reach different workers). */
export function request(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.setTimeout(init.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Poll until `fn` resolves truthy or `ms` passes. */
export async function eventually<T>(fn: () => Promise<T> | T, ms = 10_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${ms} ms${lastErr ? `: ${lastErr}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Direct children of `pid` (what `pgrep -P` counts). */
export function childPids(pid: number): number[] {
  try {
    const raw = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return raw ? raw.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The Node on PATH outside node_modules/.bin: what a plain `git clone` user runs. */
export const systemNode = nodeOnPath;
