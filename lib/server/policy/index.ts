// The master's policies, evaluated in this order after every event and every tick (250 ms). Each
// is a pure function (./types.ts): facts in, actions out; the arbiter applies each policy's
// actions before the next one looks, so no two policies act on the same stale picture.
//
// A new policy is one more pure function over Facts (per-worker RSS, the memory limit, the target
// count ...) that returns actions such as set-target, spawn, retire or replace, each with the
// reason the log shows. Add it to this list and give it unit tests over event sequences
// (test/server/policy.test.ts drives them all; test/server/autotune-policy.test.ts the autotuner).
// Metrics (issue 12) read the same Facts the arbiter builds for the policies.
import { autotunePolicy } from './autotune.ts';
import { countPolicy } from './count.ts';
import { crashPolicy } from './crash.ts';
import { healthPolicy } from './health.ts';
import { memoryPolicy } from './memory.ts';
import { reloadPolicy } from './reload.ts';
import type { Policy } from './types.ts';

export const POLICIES: readonly { name: string; decide: Policy }[] = [
  { name: 'crash-backoff', decide: crashPolicy },
  { name: 'health', decide: healthPolicy },
  { name: 'memory', decide: memoryPolicy },
  { name: 'reload', decide: reloadPolicy },
  // Before `count`, so a new target is filled in the same round.
  { name: 'autotune', decide: autotunePolicy },
  { name: 'count', decide: countPolicy },
];
