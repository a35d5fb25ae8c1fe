// Runs profile.d/tsicorn.sh (and friends) in a real bash with a controlled environment and
// reports the variables it left behind, so tests compare the shell with lib/concurrency.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/proc.ts';

export const SCRIPT = join(ROOT, 'profile.d/tsicorn.sh');
export const FIXTURES = join(ROOT, 'fixtures/cgroups');
export const NODEJS_SH = join(ROOT, 'scripts/dyno/emulate/heroku-nodejs.sh');
export const NODEJS_EXECD = join(ROOT, 'scripts/dyno/emulate/heroku-nodejs-execd.sh');
export const PYTHON_SH = join(ROOT, 'scripts/dyno/emulate/heroku-python.sh');

export interface BashResult {
  status: number | null;
  stderr: string;
  vars: Record<string, string | undefined>;
}

const WATCHED = ['WEB_CONCURRENCY', 'WEB_CONCURRENCY_SET_BY', 'DYNO_RAM', 'WEB_MEMORY', 'MEMORY_AVAILABLE'];

/** Source `scripts` in order in `bash -c` with exactly `env` (plus PATH), then print WATCHED. */
export function sourceInBash(
  scripts: string[],
  env: Record<string, string>,
  opts: { flags?: string; path?: string } = {},
): BashResult {
  const body = [
    opts.flags ? `set ${opts.flags}` : '',
    ...scripts.map((s) => `. '${s}'`),
    ...WATCHED.map((v) => `if [ -n "\${${v}+x}" ]; then printf '%s=%s\\n' ${v} "$${v}"; fi`),
  ].join('\n');
  const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', body], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: opts.path ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  const vars: Record<string, string | undefined> = {};
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) vars[line.slice(0, i)] = line.slice(i + 1);
  }
  return { status: r.status, stderr: r.stderr, vars };
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function expectedFor(name: string): number {
  return Number(readFileSync(join(FIXTURES, name, 'expected'), 'utf8').trim());
}
