// Fault suites under load, inside one worker while the others are healthy: a blocked event loop,
// a memory leak in a real 512 MB cgroup (root), a crash every few requests, a boot that never
// finishes. The scenarios live in scripts/faults (npm run soak runs the same ones for minutes).
import { describe, expect, it } from 'vitest';
import { blockedLoop, crashy, leak, neverReady } from '../../scripts/faults/workers.ts';
import { CLI, TEST_NODE } from '../helpers/proc.ts';
import { runScenario } from './scenario.ts';

describe('faults under load: faulty workers', () => {
  it.each([blockedLoop, leak, crashy, neverReady])('$name', async (s) => {
    const r = await runScenario(s, { cli: CLI, node: TEST_NODE, durationMs: 2000 });
    if (r.skipped) console.warn(`SKIPPED ${s.name}: ${r.skipped}`);
    expect(r.violations).toEqual([]);
  });
});
