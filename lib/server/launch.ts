// What the master was started with. The CLI captures it once from the process; the master reads
// only this afterwards (on HUP it re-resolves the config from it, every worker is forked from it,
// USR2 starts the next master with it), so it can be started from sources, a bundle or a test.
import { fileURLToPath } from 'node:url';

export interface Launch {
  /** The command-line words after the entry file (what the config is resolved from). */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The file workers are forked from and USR2 re-runs: the bundle, or lib/cli/main.ts from sources. */
  entry: string;
  /** The Node binary and its flags (workers get the same ones, minus --inspect*). */
  execPath: string;
  execArgv: readonly string[];
}

/** This process's launch, with `entryUrl` (the entry module's import.meta.url) as the file to re-run. */
export function currentLaunch(entryUrl: string): Launch {
  return {
    argv: process.argv.slice(2),
    env: { ...process.env },
    cwd: process.cwd(),
    entry: fileURLToPath(entryUrl),
    execPath: process.execPath,
    execArgv: [...process.execArgv],
  };
}

/** An environment for a child process: `base` plus `extra`, without unset keys or `drop`. */
export function childEnv(
  base: Launch['env'],
  extra: Record<string, string | undefined> = {},
  drop: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...base, ...extra }))
    if (v !== undefined && !drop.includes(k)) out[k] = v;
  return out;
}
