// What a test needs from the machine besides the repository: a tool (shellcheck), a data set
// (Gunicorn's corpus in ../shared/data), a second Node. CI provides all of them (.ci/run installs
// the tools), so on CI a missing one fails the test; anywhere else the test is skipped, visibly,
// saying what is missing. Root-only cases are not prerequisites: they come in documented
// root / non-root pairs (see isRoot in ./proc.ts).
import type { TestContext } from 'vitest';

/** CI=true (or 1), as GitHub Actions, GitLab and most CI services set it. */
export const ON_CI = /^(true|1)$/i.test(process.env.CI ?? '');

/**
 * Call first in a test: `missing` is null when everything is there, else what is missing and
 * how to get it. On CI the test fails with that text; elsewhere it is skipped with it.
 */
export function prerequisite(ctx: TestContext, missing: string | null): void {
  if (missing === null) return;
  if (ON_CI) throw new Error(`missing on CI, where it must be present: ${missing}`);
  console.warn(`SKIPPED "${ctx.task.name}": ${missing}`);
  ctx.skip(missing);
}
