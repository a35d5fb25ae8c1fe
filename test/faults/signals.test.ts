// Fault suites under load, from outside: kill -9 of a random worker every second for 10 s, and
// every signal the master obeys while clients are served. Real processes, loopback, counted; the
// scenarios live in scripts/faults (npm run soak runs the same ones for minutes).
import { describe, expect, it } from 'vitest';
import {
  hup,
  hupTwice,
  hupWhileBooting,
  kill9,
  term,
  termTwice,
  ttinTtou,
  usr1,
  usr2,
} from '../../scripts/faults/signals.ts';
import { CLI, TEST_NODE } from '../helpers/proc.ts';
import { runScenario } from './scenario.ts';

describe('faults under load: signals', () => {
  it('kill -9 a random worker every second for 10 s', async () => {
    const r = await runScenario(kill9, { cli: CLI, node: TEST_NODE, durationMs: 10_000 });
    expect(r.violations).toEqual([]);
  });
  it.each([term, termTwice, hup, hupTwice, hupWhileBooting, ttinTtou, usr1, usr2])('$name', async (s) => {
    const r = await runScenario(s, { cli: CLI, node: TEST_NODE, durationMs: 2000 });
    expect(r.violations).toEqual([]);
  });
});
