// What this machine can reproduce of a dyno (I/O edge for plan.ts).
import { availableParallelism, totalmem } from 'node:os';
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
