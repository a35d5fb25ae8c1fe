// I/O edge: the dyno's memory limit from its cgroup, read the same way the boot-time sizing reads
// it (TSICORN_CGROUP_ROOT points at a fixture tree in tests, as for profile.d/tsicorn.sh).
import { parseMemory } from '../concurrency/decide.ts';
import { readFacts } from '../concurrency/facts.ts';
import type { DynoLimit } from './memory.ts';

export function readDynoLimit(env: NodeJS.ProcessEnv): DynoLimit {
  const facts = readFacts(env.TSICORN_CGROUP_ROOT || '/', {});
  const memory = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  return memory.known
    ? { mb: memory.mb, source: `cgroup ${facts.cgroup}` }
    : { mb: null, source: memory.why };
}
