// What this machine can reproduce of a dyno (I/O edge for plan.ts).
import { existsSync, realpathSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { cgroupSupport } from './cgroup.ts';
import type { HostFacts } from './plan.ts';

export function hostFacts(): HostFacts {
  const s = cgroupSupport();
  return {
    cgroup: s.version,
    why: s.version === null ? s.why : '',
    cpus: availableParallelism(),
    memTotalMb: Math.floor(totalmem() / 1048576),
  };
}

/**
 * The first `node` on PATH outside node_modules: the Node a user's machine (or a dyno) runs, as
 * opposed to the pinned one npm scripts put first. null when there is none.
 */
export function nodeOnPath(path = process.env.PATH ?? ''): string | null {
  for (const d of path.split(delimiter)) {
    if (d && !d.includes('node_modules') && existsSync(join(d, 'node'))) return realpathSync(join(d, 'node'));
  }
  return null;
}
