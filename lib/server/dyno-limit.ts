// The dyno's memory limit as the master's memory report and metrics show it, from the cgroup facts
// the master read once at start (lib/concurrency/facts.ts, through the tuner), parsed the same way
// the boot-time sizing parses them.
import { type DynoFacts, parseMemory } from '../concurrency/decide.ts';
import type { DynoLimit } from './memory.ts';

export function dynoLimit(facts: DynoFacts): DynoLimit {
  const memory = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  return memory.known
    ? { mb: memory.mb, source: `cgroup ${facts.cgroup}` }
    : { mb: null, source: memory.why };
}
