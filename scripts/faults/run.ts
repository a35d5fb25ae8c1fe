// What every fault scenario shares: a server under load for a while, counted, always cleaned up.
// A scenario returns what it measured and the promises it saw broken (none: it passed). The tests
// (test/faults/) run each for seconds and assert; `npm run soak` runs the same ones for minutes.
import { fileURLToPath } from 'node:url';
import { type Attempt, type Load, type LoadOptions, startLoad } from './load.ts';
import { type Server, type ServerOptions, startServer } from './server.ts';

export const FAULT_APP = fileURLToPath(new URL('../../fixtures/apps/faults', import.meta.url));

export interface Context {
  /** The server bundle and the Node that runs it. */
  cli: string;
  node: string;
  /** How long the load runs in scenarios that run "for a while", ms. */
  durationMs: number;
}

export interface Result {
  name: string;
  requests: number;
  failures: number;
  /** Workers started after the first set was ready. */
  restarts: number;
  maxRssMb: number;
  /** Scenario-specific figures, e.g. the slowest replacement after a kill. */
  measured: string;
  /** Promises seen broken; empty when the scenario passed. */
  violations: string[];
  skipped?: string;
}

export interface Scenario {
  name: string;
  /** What tsicorn promises in this scenario (the README table). */
  promise: string;
  run(ctx: Context): Promise<Result>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Session {
  server: Server;
  load(o?: Omit<LoadOptions, 'port'>): Load;
  violations: string[];
  check(ok: boolean, what: string): void;
  /** Poll `fn` until true or `ms` passed; returns how long it took, or null. */
  until(fn: () => boolean, ms: number): Promise<number | null>;
}

/** Starts the master with the fault fixture (or `cwd`), samples its memory, runs `body`, and
 * always kills the whole process group. */
export async function session(
  ctx: Context,
  name: string,
  o: Partial<ServerOptions> & { args: string[] },
  body: (s: Session) => Promise<{ attempts: Attempt[]; measured: string }>,
): Promise<Result> {
  const server = await startServer({ cli: ctx.cli, node: ctx.node, cwd: FAULT_APP, ...o });
  const initial = server.workers().length;
  const sampler = setInterval(() => server.sample(), 250);
  const loads: Load[] = [];
  const violations: string[] = [];
  try {
    const s: Session = {
      server,
      violations,
      load: (lo = {}) => {
        const l = startLoad({ port: server.port, ...lo });
        loads.push(l);
        return l;
      },
      check(ok, what) {
        if (!ok) violations.push(what);
      },
      async until(fn, ms) {
        const t0 = Date.now();
        while (Date.now() - t0 < ms) {
          if (fn()) return Date.now() - t0;
          await sleep(10);
        }
        return fn() ? Date.now() - t0 : null;
      },
    };
    const { attempts, measured } = await body(s);
    // A broken promise comes with the end of the server's log, to see why.
    if (violations.length)
      violations.push(
        `--- server log (last 40 lines) ---\n${server.output().split('\n').slice(-40).join('\n')}`,
      );
    return {
      name,
      requests: attempts.length,
      failures: attempts.filter((a) => !a.ok).length,
      restarts: Math.max(0, server.count(/Booting worker with pid/) - initial),
      maxRssMb: server.maxRssMb(),
      measured,
      violations,
    };
  } catch (e) {
    violations.push(`scenario error: ${(e as Error).stack ?? e}\n--- server log ---\n${server.output()}`);
    return {
      name,
      requests: 0,
      failures: 0,
      restarts: 0,
      maxRssMb: server.maxRssMb(),
      measured: '',
      violations,
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(loads.map((l) => l.stop()));
    await server.kill();
  }
}

/** Failures that are not explained: not on a connection last served by one of `lost` (workers
 * that died), not a new connection in flight when one died, and not a request meant to fail. */
export function unexplained(
  attempts: Attempt[],
  lost: Set<number>,
  expected = (_a: Attempt) => false,
): Attempt[] {
  return attempts.filter(
    (a) => !a.ok && !expected(a) && !(a.connectionPid === undefined || lost.has(a.connectionPid)),
  );
}

/** Pids named in log lines such as "Worker (pid:123) exited with code 1". */
export function pidsIn(log: string, re: RegExp): Set<number> {
  return new Set([...log.matchAll(new RegExp(re.source, 'g'))].map((m) => Number(m[1])));
}

export function describeFailures(attempts: Attempt[], max = 5): string {
  return attempts
    .slice(0, max)
    .map((a) => `${a.path} ${a.error ?? a.status} (connection last served by ${a.connectionPid ?? 'nobody'})`)
    .join('; ');
}
