// shellcheck on a script the project ships or generates. CI installs it (.ci/run): there a
// missing shellcheck fails the test; elsewhere the test is skipped and says how to install it.
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'vitest';
import { prerequisite } from './prereq.ts';

const installed = spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).error === undefined;

/** Run `shellcheck ...args`; its exit status and everything it printed. */
export function shellcheck(ctx: TestContext, args: string[]): { status: number | null; output: string } {
  prerequisite(
    ctx,
    installed ? null : 'shellcheck is not installed (apt-get install -y shellcheck; .ci/run does)',
  );
  const r = spawnSync('shellcheck', args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}
