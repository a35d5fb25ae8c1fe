// Boot side of the local dyno: what the platform does at dyno start. A clean environment (env -i)
// with HOME, PORT, DYNO=web.1; bash sources .profile.d/*.sh in the app dir, then runs the Procfile
// web command. As root the whole thing runs in a real memory cgroup pinned with taskset
// (scripts/dyno/enter-cgroup.sh); otherwise it reads a fixture tree through TSICORN_CGROUP_ROOT.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Cgroup, createCgroup, insideCgroup } from './cgroup.ts';
import { REPO } from './clone.ts';
import type { BootPlan } from './plan.ts';
import { watch } from './process.ts';

const BOOT =
  'cd "$HOME" || exit 1; for f in .profile.d/*.sh; do if [ -r "$f" ]; then . "$f"; fi; done; exec bash --norc --noprofile -c "$0"';

export interface Dyno {
  pid: number;
  plan: BootPlan;
  output(): string;
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Exit code, or the signal name. */
  exited(ms?: number): Promise<number | string>;
  /** Signal every process of the dyno, as the platform does on shutdown. */
  signal(sig: NodeJS.Signals): void;
  /** Hard stop and cleanup (idempotent): SIGKILL what is left, remove the cgroup. */
  destroy(): Promise<void>;
}

export interface BootOptions {
  buildDir: string;
  webCommand: string;
  plan: BootPlan;
  port: number;
  /** Extra dyno env (config vars), e.g. WEB_CONCURRENCY. */
  env?: Record<string, string>;
  dyno?: string;
  /** Where fixture trees live (the clean clone's, so what is tested is what is committed). */
  fixturesRoot?: string;
}

export function bootDyno(opts: BootOptions): Dyno {
  const vars = [
    `HOME=${opts.buildDir}`,
    `PORT=${opts.port}`,
    `DYNO=${opts.dyno ?? 'web.1'}`,
    'PATH=/usr/local/bin:/usr/bin:/bin',
    ...Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  let cg: Cgroup | null = null;
  if (opts.plan.mode === 'fixture') {
    vars.push(
      `TSICORN_CGROUP_ROOT=${join(opts.fixturesRoot ?? join(REPO, 'fixtures/cgroups'), opts.plan.fixture)}`,
    );
  }
  const inner = ['env', '-i', ...vars, 'bash', '--norc', '--noprofile', '-c', BOOT, opts.webCommand];
  let argv = inner;
  if (opts.plan.mode === 'cgroup') {
    cg = createCgroup(opts.plan.memoryMb);
    argv = insideCgroup(cg, opts.plan.cpuList, inner);
  }
  let child: ChildProcess;
  try {
    child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    cg?.remove();
    throw e;
  }
  const watched = watch(child, 'dyno', 30_000);
  const pid = child.pid!;
  const killGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // group gone
    }
  };
  return {
    pid,
    plan: opts.plan,
    output: watched.output,
    waitFor: watched.waitFor,
    exited: watched.exited,
    signal: killGroup,
    async destroy() {
      if (watched.exitResult() === undefined) {
        killGroup('SIGKILL');
        await watched.exited();
      }
      cg?.remove();
      cg = null;
    },
  };
}
