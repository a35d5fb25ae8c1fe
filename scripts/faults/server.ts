// A tsicorn master for the fault scenarios: spawned in its own process group on a free loopback
// port, its log watched, its memory sampled, and always killed with its whole group at the end.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../../lib/server/free-port.ts';
import { childPids, type Watched, watch } from '../dyno/process.ts';

export interface ServerOptions {
  /** The server bundle (dist/tsicorn.mjs or the tests' fresh build). */
  cli: string;
  node: string;
  cwd: string;
  args: string[];
  env?: Record<string, string | undefined>;
  /** argv prefix that runs the command somewhere else (a memory cgroup). */
  wrap?: (argv: string[]) => string[];
}

export interface Server extends Watched {
  pid: number;
  port: number;
  workers(): number[];
  /** Lines matching `re` in the log so far. */
  count(re: RegExp): number;
  /** Highest RSS of master plus workers seen by sample(), MB. */
  maxRssMb(): number;
  sample(): void;
  alive(): boolean;
  signal(sig: NodeJS.Signals, group?: boolean): void;
  kill(): Promise<void>;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export async function startServer(o: ServerOptions): Promise<Server> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...o.env })) if (v !== undefined) env[k] = v;
  const argv = [o.node, o.cli, ...o.args, '-b', `127.0.0.1:${port}`];
  const [cmd, ...rest] = o.wrap ? o.wrap(argv) : argv;
  const child = spawn(cmd!, rest, { cwd: o.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const w = watch(child, 'tsicorn master', 30_000);
  let maxKb = 0;
  const pid = child.pid!;
  const s: Server = {
    ...w,
    pid,
    port,
    workers: () => childPids(pid),
    count: (re) => (w.output().match(new RegExp(re.source, `${re.flags.replace('g', '')}g`)) ?? []).length,
    maxRssMb: () => Math.round(maxKb / 1024),
    sample() {
      const kb = rssKb(pid) + childPids(pid).reduce((sum, p) => sum + rssKb(p), 0);
      if (kb > maxKb) maxKb = kb;
    },
    alive: () => w.exitResult() === undefined,
    signal(sig, group = false) {
      try {
        process.kill(group ? -pid : pid, sig);
      } catch {}
    },
    async kill() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
      if (w.exitResult() === undefined) await w.exited(10_000).catch(() => {});
    },
  };
  try {
    await s.waitFor(/All \d+ worker\(s\) ready/);
  } catch (e) {
    await s.kill();
    throw e;
  }
  return s;
}
