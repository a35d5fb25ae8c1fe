// Spawns real tsicorn processes for tests: free loopback ports, readiness waits, log capture,
// and guaranteed cleanup of the whole process tree (each server runs in its own process group).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { nodeOnPath } from '../../scripts/dyno/host.ts';
import { watch } from '../../scripts/dyno/process.ts';
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
export { request } from '../../scripts/dyno/http.ts';
export { childPids } from '../../scripts/dyno/process.ts';

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
  /** Run the command through another one that execs it (keeping its pid), e.g. into a cgroup. */
  wrap?: (argv: string[]) => string[];
}

/** Start `node <fresh build>/tsicorn.mjs ...args` (or `script`) in its own process group. */
export function spawnTsicorn(args: string[], opts: SpawnOptions = {}): Proc {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) if (v !== undefined) env[k] = v;
  const [cmd, ...argv] = (opts.wrap ?? ((a: string[]) => a))([
    opts.node ?? TEST_NODE,
    opts.script ?? CLI,
    ...args,
  ]);
  const child = spawn(cmd!, argv, {
    cwd: opts.cwd ?? ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched = watch(child, 'process', 20_000);
  const proc: Proc = {
    child,
    pid: child.pid!,
    output: watched.output,
    stderr: watched.stderr,
    stdout: watched.stdout,
    waitFor: watched.waitFor,
    async ready(ms = 20_000) {
      await proc.waitFor(READY_LINE, ms);
    },
    exited: watched.exited,
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
      if (watched.exitResult() === undefined) await watched.exited();
    },
  };
  live.add(proc);
  return proc;
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

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The Node on PATH outside node_modules/.bin: what a plain `git clone` user runs. */
export const systemNode = nodeOnPath;
